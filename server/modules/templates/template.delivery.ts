/**
 * One recipient's email from a compiled version: its signed links (unsubscribe, preferences,
 * clicks, pixel), its context, the rendered parts and the RFC 8058 headers. The per-recipient hot
 * path of a send (and of the render benchmark): no I/O, no parse, no MJML.
 */
import type { Types } from 'mongoose';
import type { Links } from '../../lib/links.js';
import type { CustomerDoc } from '../customers/index.js';
import { contextForCustomer, formatOf, type CompanyInfo, type ViewedProduct } from './template.context.js';
import type { CompiledTemplate } from './template.renderer.js';

export interface RenderRecipient {
  messageId: Types.ObjectId;
  customer: CustomerDoc;
  cadence: { name: string };
  step: { index: number };
}

export interface RenderedEmail {
  messageId: Types.ObjectId;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Targets of this message's links whose href is an expression, by link index. */
  dynamicLinks: Record<string, string>;
}

export function renderForRecipient(
  compiled: CompiledTemplate,
  r: RenderRecipient,
  shared: { links: Links; company: CompanyInfo; now: Date; recentlyViewed: ViewedProduct[] },
): RenderedEmail {
  const { links } = shared;
  const messageId = r.messageId.toHexString();
  const subject = { kind: 'message' as const, id: messageId };
  const unsubscribeUrl = links.unsubscribeUrl(subject);
  const context = contextForCustomer(r.customer, {
    unsubscribeUrl,
    preferencesUrl: links.preferencesUrl(subject),
    cadence: { name: r.cadence.name },
    step: { index: r.step.index },
    now: shared.now,
    company: shared.company,
    recentlyViewed: shared.recentlyViewed,
  });
  const out = compiled.render(context, formatOf(context), { messageId, links });
  return {
    messageId: r.messageId,
    to: r.customer.email ?? '',
    subject: out.subject,
    html: out.html,
    text: out.text,
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Retainly-Message-Id': messageId },
    dynamicLinks: out.dynamicLinks,
  };
}
