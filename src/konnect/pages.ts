import { z } from 'zod';
import { formatQuery, type KonnectClient, type Query } from './client.js';
import { KonnectResponseError } from './errors.js';

/**
 * Whole lists, in Konnect's two pagination styles, read within bounds: a list that repeats a page or
 * a cursor, or that goes on past MAX_PAGES pages or MAX_ITEMS items, ends with a KonnectResponseError
 * instead of drawing requests (each with the Konnect token) for ever. Only the items `keep` accepts
 * are kept, so what a run holds is bounded by what it needs, not by what a peer sends.
 */

/** Far past any list the action reads (lists are filtered by name), near enough to stop a runaway within seconds. */
export const MAX_PAGES = 10;
export const MAX_ITEMS = 5_000;

interface Identified {
  id: string;
}

/** Counts pages and items; throws once a list goes past the bounds. */
class ListBounds {
  private pages = 0;
  private items = 0;

  constructor(private readonly path: string) {}

  /** After a page of `count` items: may the list go on to another page? */
  afterPage(count: number, hasMore: boolean): boolean {
    this.pages += 1;
    this.items += count;
    const bound = `the action reads at most ${MAX_PAGES} pages and ${MAX_ITEMS} items of a list`;
    if (this.items > MAX_ITEMS) {
      throw new KonnectResponseError('GET', this.path, `answered ${this.items} items in ${this.pages} pages${hasMore ? ' and had more' : ''}; ${bound}`);
    }
    if (hasMore && this.pages >= MAX_PAGES) {
      throw new KonnectResponseError('GET', this.path, `still had more after ${this.pages} pages (${this.items} items); ${bound}`);
    }
    return hasMore;
  }

  stuck(why: string): never {
    throw new KonnectResponseError('GET', this.path, `${why} on page ${this.pages + 1}, so the list does not advance`);
  }
}

const platformPage = <T extends z.ZodType<Identified>>(item: T) =>
  z.object({
    data: z.array(item),
    meta: z.object({ page: z.object({ number: z.number().int(), size: z.number().int(), total: z.number().int() }) }).exactOptional(),
  });

/**
 * Kong Identity and control-plane lists: `page[number]` / `page[size]`, and `meta.page` saying how
 * many items there are. Goes on while `meta.page.total` says more items follow.
 */
export async function listPlatformPages<T extends Identified>(
  konnect: KonnectClient,
  path: string,
  item: z.ZodType<T>,
  query: Query,
  keep: (item: T) => boolean = () => true,
): Promise<T[]> {
  const bounds = new ListBounds(`${path}${formatQuery(query)}`);
  const schema = platformPage(item);
  const kept: T[] = [];
  const seen = new Set<string>();
  for (let number = 1; ; number += 1) {
    const page = await konnect.get(path, schema, number === 1 ? query : { ...query, 'page[number]': number });
    const meta = page.meta?.page;
    if (meta !== undefined && meta.number !== number) bounds.stuck(`Konnect answered page ${meta.number}`);
    // A page of items all met before is the same page again (an item or two may repeat when the list changes meanwhile).
    if (page.data.length > 0 && page.data.every((entry) => seen.has(entry.id))) bounds.stuck('the items of an earlier page came again');
    const hasMore = meta !== undefined && page.data.length > 0 && meta.number * meta.size < meta.total;
    const goOn = bounds.afterPage(page.data.length, hasMore); // before anything of a page past the bounds is kept
    for (const entry of page.data) {
      seen.add(entry.id);
      if (keep(entry)) kept.push(entry);
    }
    if (!goOn) return kept;
  }
}

const coreEntityPage = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), offset: z.string().nullish() });

/** Core-entity lists (the Kong Admin API): `size`, and an opaque `offset` naming the next page until the last. */
export async function listCoreEntityPages<T extends Identified>(
  konnect: KonnectClient,
  path: string,
  item: z.ZodType<T>,
  query: Query,
  keep: (item: T) => boolean = () => true,
): Promise<T[]> {
  const bounds = new ListBounds(`${path}${formatQuery(query)}`);
  const schema = coreEntityPage(item);
  const kept: T[] = [];
  const offsets = new Set<string>();
  let offset: string | undefined;
  for (;;) {
    const page = await konnect.get(path, schema, { ...query, offset });
    offset = page.offset || undefined;
    if (offset !== undefined && offsets.has(offset)) bounds.stuck('Konnect answered the offset of an earlier page');
    if (offset !== undefined) offsets.add(offset);
    const goOn = bounds.afterPage(page.data.length, offset !== undefined); // before anything of a page past the bounds is kept
    for (const entry of page.data) if (keep(entry)) kept.push(entry);
    if (!goOn) return kept;
  }
}
