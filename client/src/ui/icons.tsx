/**
 * The few line icons the app uses, drawn on a 24 px grid (no icon package is installed). Purely
 * decorative: always paired with visible text or an aria-label on the control.
 */
import type { ReactNode, SVGProps } from 'react';

export type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number };
export type Icon = (props: IconProps) => ReactNode;

function icon(paths: ReactNode): Icon {
  return function LineIcon({ size = 18, ...rest }: IconProps) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.75}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...rest}
      >
        {paths}
      </svg>
    );
  };
}

export const IconDashboard = icon(<path d="M4 4h6v7H4zM14 4h6v4h-6zM14 12h6v8h-6zM4 15h6v5H4z" />);
export const IconCustomers = icon(<path d="M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM3 21v-1a6 6 0 0 1 12 0v1M16 3.5a4 4 0 0 1 0 7M21 21v-1a6 6 0 0 0-4-5.6" />);
export const IconOutbox = icon(<path d="M4 13h4l2 3h4l2-3h4M4 13l2.5-7.5A2 2 0 0 1 8.4 4h7.2a2 2 0 0 1 1.9 1.5L20 13v5a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z" />);
export const IconSettings = icon(<path d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1M15 4v4M9 10v4M17 16v4" />);
export const IconClock = icon(<path d="M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2" />);
export const IconLogout = icon(<path d="M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3M10 17l5-5-5-5M15 12H3" />);
export const IconSearch = icon(<path d="M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM20 20l-3.5-3.5" />);
export const IconUpload = icon(<path d="M12 16V4M7 9l5-5 5 5M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />);
export const IconDownload = icon(<path d="M12 4v12M7 11l5 5 5-5M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />);
export const IconTrash = icon(<path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />);
export const IconMail = icon(<path d="M4 6h16v12H4zM4 7l8 6 8-6" />);
export const IconTemplate = icon(<path d="M5 3h14v18H5zM8 7h8M8 11h8M8 15h5" />);
export const IconCadence = icon(
  <>
    <path d="M7 12h3M14 12h3M5 8V5M12 8V5M19 8V5" />
    <circle cx="5" cy="12" r="2" />
    <circle cx="12" cy="12" r="2" />
    <circle cx="19" cy="12" r="2" />
  </>,
);
export const IconArrowUp = icon(<path d="M12 19V5M6 11l6-6 6 6" />);
export const IconArrowDown = icon(<path d="M12 5v14M6 13l6 6 6-6" />);
export const IconPlay = icon(<path d="M7 4l13 8-13 8z" />);
export const IconPause = icon(<path d="M8 5v14M16 5v14" />);
export const IconArchive = icon(<path d="M3 4h18v4H3zM5 8v12h14V8M10 12h4" />);
export const IconCart = icon(<path d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.8h7.7a2 2 0 0 0 1.9-1.5L21 8H6M10 21h.01M17 21h.01" />);
export const IconBag = icon(<path d="M6 8h12l-1 12H7zM9 8V6a3 3 0 0 1 6 0v2" />);
export const IconEye = icon(<path d="M2 12s3.5-7 10-7 10 7 10 7-3.5 7-10 7S2 12 2 12zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z" />);
export const IconClick = icon(<path d="M9 9l11 4-5 2-2 5zM4 4l2 2M4 10h2M10 4v2" />);
export const IconBolt = icon(<path d="M13 3L5 14h6l-1 7 8-11h-6z" />);
export const IconChevronLeft = icon(<path d="M15 6l-6 6 6 6" />);
export const IconChevronRight = icon(<path d="M9 6l6 6-6 6" />);
export const IconPlus = icon(<path d="M12 5v14M5 12h14" />);
export const IconKey = icon(<path d="M8 19a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM11 12l8-8M16 7l2 2M14 9l2 2" />);
export const IconAlert = icon(<path d="M12 9v4M12 17h.01M10.3 4.2L2.6 18a2 2 0 0 0 1.7 3h15.4a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0z" />);
export const IconCheck = icon(<path d="M5 12l5 5L20 7" />);
export const IconMailOff = icon(<path d="M4 6h16v12H4zM4 7l8 6 8-6M3 3l18 18" />);
export const IconRefresh = icon(<path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7" />);
// Segments, reports and the rule builder.
export const IconSegments = icon(<path d="M12 3a9 9 0 1 0 9 9h-9zM15 3.5A9 9 0 0 1 20.5 9H15z" />);
export const IconReports = icon(<path d="M4 20V10M10 20V4M16 20v-7M21 20H3" />);
export const IconDots = icon(<path d="M5 12h.01M12 12h.01M19 12h.01" strokeWidth={3} />);
export const IconPencil = icon(<path d="M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4" />);
export const IconBan = icon(<path d="M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM5.6 5.6l12.8 12.8" />);
