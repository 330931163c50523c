/**
 * Who shops at the demo store: countries with their share of customers, timezones, locales and
 * common names, and the mailbox providers people use (which decides how their mail client fetches
 * images: Apple Mail Privacy Protection, Gmail's image proxy, a company's link scanner).
 * Every address is under a reserved `.example` domain, so nothing could ever reach a real person.
 */
import { pick, weighted, type Random } from './random.js';

export interface Country {
  code: string;
  weight: number;
  locale: string;
  timezones: readonly (readonly [string, number])[];
  first: readonly string[];
  last: readonly string[];
}

export const COUNTRIES: readonly Country[] = [
  {
    code: 'FR', weight: 18, locale: 'fr-FR', timezones: [['Europe/Paris', 1]],
    first: ['Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Jade', 'Louise', 'Lucas', 'Hugo', 'Louis', 'Gabriel', 'Arthur', 'Jules', 'Théo', 'Nathan', 'Élodie'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'Fournier'],
  },
  {
    code: 'DE', weight: 16, locale: 'de-DE', timezones: [['Europe/Berlin', 1]],
    first: ['Mia', 'Emma', 'Hannah', 'Sophia', 'Lena', 'Lea', 'Anna', 'Ben', 'Paul', 'Leon', 'Finn', 'Jonas', 'Elias', 'Noah', 'Lukas', 'Jürgen'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann'],
  },
  {
    code: 'GB', weight: 16, locale: 'en-GB', timezones: [['Europe/London', 1]],
    first: ['Olivia', 'Amelia', 'Isla', 'Ava', 'Emily', 'Grace', 'Freya', 'Oliver', 'George', 'Harry', 'Jack', 'Charlie', 'Thomas', 'Oscar', 'William', 'Siobhan'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Clarke'],
  },
  {
    code: 'ES', weight: 9, locale: 'es-ES', timezones: [['Europe/Madrid', 1]],
    first: ['Lucía', 'Sofía', 'María', 'Martina', 'Paula', 'Julia', 'Hugo', 'Martín', 'Pablo', 'Alejandro', 'Daniel', 'Álvaro', 'Mateo', 'Carmen'],
    last: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz'],
  },
  {
    code: 'IT', weight: 7, locale: 'it-IT', timezones: [['Europe/Rome', 1]],
    first: ['Sofia', 'Giulia', 'Aurora', 'Alice', 'Ginevra', 'Emma', 'Leonardo', 'Francesco', 'Alessandro', 'Lorenzo', 'Mattia', 'Andrea', 'Tommaso', 'Niccolò'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca'],
  },
  {
    code: 'NL', weight: 5, locale: 'nl-NL', timezones: [['Europe/Amsterdam', 1]],
    first: ['Emma', 'Julia', 'Mila', 'Tess', 'Sophie', 'Noah', 'Daan', 'Sem', 'Lucas', 'Levi', 'Finn', 'Bram'],
    last: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder'],
  },
  {
    code: 'US', weight: 17, locale: 'en-US', timezones: [['America/New_York', 5], ['America/Chicago', 3], ['America/Denver', 1], ['America/Los_Angeles', 3]],
    first: ['Olivia', 'Emma', 'Charlotte', 'Amelia', 'Sophia', 'Mia', 'Harper', 'Liam', 'Noah', 'Oliver', 'James', 'Elijah', 'William', 'Henry', 'Lucas', 'Mateo'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Taylor', 'Nguyen'],
  },
  {
    code: 'CA', weight: 5, locale: 'en-CA', timezones: [['America/Toronto', 3], ['America/Vancouver', 2], ['America/Edmonton', 1]],
    first: ['Olivia', 'Charlotte', 'Emma', 'Amelia', 'Chloé', 'Noah', 'Liam', 'William', 'Benjamin', 'Thomas', 'Félix', 'Jacob'],
    last: ['Smith', 'Brown', 'Tremblay', 'Martin', 'Roy', 'Wilson', 'MacDonald', 'Gagnon', 'Johnson', 'Taylor', 'Côté', 'Campbell'],
  },
  {
    code: 'AU', weight: 5, locale: 'en-AU', timezones: [['Australia/Sydney', 3], ['Australia/Melbourne', 3], ['Australia/Brisbane', 2], ['Australia/Perth', 1]],
    first: ['Charlotte', 'Olivia', 'Amelia', 'Isla', 'Mia', 'Ava', 'Oliver', 'Noah', 'Jack', 'William', 'Leo', 'Lucas'],
    last: ['Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Johnson', 'White', 'Martin', 'Anderson', 'Thompson', 'Nguyen'],
  },
  {
    code: 'JP', weight: 2, locale: 'ja-JP', timezones: [['Asia/Tokyo', 1]],
    first: ['Yui', 'Hina', 'Mei', 'Sakura', 'Haruto', 'Sota', 'Yuto', 'Ren', 'Riku', 'Aoi'],
    last: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato'],
  },
];

/**
 * Mailbox providers and how their clients fetch images and links:
 * - `apple`: Mail Privacy Protection prefetches every image on delivery (a machine open) and
 *   hides the person's own opens; only their clicks show them.
 * - `gmail`, `yahoo`: images through the provider's proxy, fetched when the person opens.
 * - `corporate`: a security gateway follows every link on delivery (machine clicks).
 */
export type MailClient = 'apple' | 'gmail' | 'outlook' | 'yahoo' | 'corporate' | 'other';

export const MAIL_CLIENTS: readonly (readonly [MailClient, number])[] = [
  ['apple', 30], ['gmail', 34], ['outlook', 14], ['yahoo', 5], ['corporate', 9], ['other', 8],
];

const DOMAINS: Record<MailClient, readonly string[]> = {
  apple: ['icloud.example', 'me.example'],
  gmail: ['gmail.example'],
  outlook: ['outlook.example', 'hotmail.example'],
  yahoo: ['yahoo.example'],
  corporate: ['acme-corp.example', 'globex.example', 'initech.example', 'umbrella.example'],
  other: ['proton.example', 'gmx.example', 'orange.example', 'web.example'],
};

export function pickCountry(rand: Random): Country {
  return weighted(rand, COUNTRIES.map((c) => [c, c.weight] as const));
}

export function pickTimezone(rand: Random, c: Country): string {
  return weighted(rand, c.timezones);
}

/** "Chloé Dubois" -> "chloe.dubois417@icloud.example" (ASCII, unique by the customer's number). */
export function emailFor(first: string, last: string, n: number, client: MailClient, rand: Random): string {
  const ascii = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]+/g, '');
  return `${ascii(first)}.${ascii(last)}${n}@${pick(rand, DOMAINS[client])}`;
}
