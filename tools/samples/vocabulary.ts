/** Words and number formats for synthetic text lines: the kind of printed text OCR crops contain. */
import type { SeededRandom } from './random.js';

const WORDS = `
the of and to in is for on with as by at from that this be are was it an or not have has will can all
more new one two first last time year day week month page order total price amount date number name
address street city road avenue station office market report summary account invoice receipt payment
balance due paid tax discount subtotal item quantity unit service delivery shipping customer member
card cash change thank you please visit again open closed hours monday tuesday wednesday thursday
friday saturday sunday january february march april june july august september october november december
coffee bread milk water juice apple orange banana chicken rice noodle soup salad cheese butter sugar
tea fresh organic large small medium extra hot cold special daily menu breakfast lunch dinner table
room floor building north south east west central park garden river bridge hill valley lake island
school library museum hospital hotel airport terminal gate platform ticket seat class economy business
phone email website online download update version system model engine light power battery charge
signal network security password user login settings manual guide chapter section figure example
question answer result method data value level rate growth market share product company group team
project meeting notes agenda review plan budget cost revenue profit quarter annual budget forecast
history science nature world people family friend children student teacher doctor driver worker
building kitchen window door street lamp sign notice warning caution danger exit entrance parking
speed limit stop slow turn left right ahead only bus train metro taxi bicycle walk cross wait
sale offer best quality premium standard basic limited edition collection style design color size
weight height width length volume capacity storage memory display screen camera sensor frame
morning evening night today tomorrow yesterday spring summer autumn winter weather forecast rain snow
`.split(/\s+/).filter((w) => w.length > 0);

const NAMES = [
  'London', 'Paris', 'Berlin', 'Madrid', 'Toronto', 'Sydney', 'Boston', 'Denver', 'Oslo', 'Vienna',
  'Smith', 'Garcia', 'Miller', 'Johnson', 'Martin', 'Nguyen', 'Kumar', 'Schmidt', 'Rossi', 'Tanaka',
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Contoso', 'Fabrikam',
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function casing(rng: SeededRandom, word: string): string {
  const r = rng.next();
  if (r < 0.5) return word;
  if (r < 0.85) return word.charAt(0).toUpperCase() + word.slice(1);
  return word.toUpperCase();
}

/** A number-like token: price, date, time, phone, code, percentage or plain count. */
export function numberToken(rng: SeededRandom): string {
  switch (rng.int(0, 8)) {
    case 0:
      return `$${rng.int(1, 999)}.${pad(rng.int(0, 99), 2)}`;
    case 1:
      return `${rng.int(2015, 2025)}-${pad(rng.int(1, 12), 2)}-${pad(rng.int(1, 28), 2)}`;
    case 2:
      return `${pad(rng.int(1, 28), 2)}/${pad(rng.int(1, 12), 2)}/${rng.int(2015, 2025)}`;
    case 3:
      return `${pad(rng.int(0, 23), 2)}:${pad(rng.int(0, 59), 2)}`;
    case 4:
      return `+${rng.int(1, 49)} ${rng.int(200, 999)} ${pad(rng.int(0, 9999), 4)}`;
    case 5:
      return `${rng.pick(['INV', 'NO', 'REF', 'ID', 'SKU', 'TEL'])}-${rng.int(1000, 99999)}`;
    case 6:
      return `${rng.int(1, 99)}.${rng.int(0, 9)}%`;
    case 7:
      return `${rng.int(1, 28)} ${rng.pick(MONTHS)} ${rng.int(2015, 2025)}`;
    default:
      return String(rng.int(1, 99999));
  }
}

/** One token of a line: usually a word, sometimes a name or a number. */
export function token(rng: SeededRandom): string {
  const r = rng.next();
  if (r < 0.68) return casing(rng, rng.pick(WORDS));
  if (r < 0.8) return rng.pick(NAMES);
  return numberToken(rng);
}

/** A sentence-like run of words for document paragraphs. */
export function sentence(rng: SeededRandom, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    const w = rng.chance(0.1) ? numberToken(rng) : rng.chance(0.08) ? rng.pick(NAMES) : rng.pick(WORDS);
    parts.push(i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : w);
  }
  const end = rng.pick(['.', '.', '.', '.', ',', ';', ':']);
  return parts.join(' ') + (end === '.' || end === ':' ? end : '.');
}

/** A paragraph of a few sentences. */
export function paragraph(rng: SeededRandom, sentences: number): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(rng, rng.int(6, 16)));
  return out.join(' ');
}

/** A title-like phrase. */
export function title(rng: SeededRandom): string {
  const n = rng.int(2, 5);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const w = rng.chance(0.15) ? rng.pick(NAMES) : rng.pick(WORDS);
    parts.push(w.charAt(0).toUpperCase() + w.slice(1));
  }
  return rng.chance(0.25) ? parts.join(' ').toUpperCase() : parts.join(' ');
}
