import * as z from 'zod/mini';
import { formatQuery, type KonnectClient, type Query } from './client.js';
import { KonnectResponseError } from './errors.js';

/**
 * Whole lists, in Konnect's two pagination styles, read within bounds: a list that repeats a page or
 * a cursor, or that goes on past MAX_PAGES pages or MAX_ITEMS items, ends with a KonnectResponseError
 * instead of drawing requests (each with the Konnect token) for ever. Only the items `keep` accepts
 * are kept, so what a run holds is bounded by what it needs, not by what a peer sends.
 */

/** Konnect's largest page: an exact-name match is one page. */
export const PAGE_SIZE = 100;

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

  constructor(
    private readonly path: string,
    private readonly maxPages = MAX_PAGES,
  ) {}

  /** After a page of `count` items, `hasMore` when another page follows. */
  afterPage(count: number, hasMore: boolean): void {
    this.pages += 1;
    this.items += count;
    const bound = `the action reads at most ${this.maxPages} pages and ${MAX_ITEMS} items of a list`;
    if (this.items > MAX_ITEMS) {
      throw new KonnectResponseError('GET', this.path, `answered ${this.items} items in ${this.pages} pages${hasMore ? ' and had more' : ''}; ${bound}`);
    }
    if (hasMore && this.pages >= this.maxPages) {
      throw new KonnectResponseError('GET', this.path, `still had more after ${this.pages} pages (${this.items} items); ${bound}`);
    }
  }

  stuck(why: string): never {
    throw new KonnectResponseError('GET', this.path, `${why} on page ${this.pages + 1}, so the list does not advance`);
  }
}

/**
 * Reads pages until `next` names none: `next` gets each page (after its shape is checked) and gives
 * the query of the following page, or undefined on the last; it throws when the list does not advance.
 */
async function readList<T extends Identified, P extends { data: T[] }>(
  konnect: KonnectClient,
  path: string,
  query: Query,
  keep: (item: T) => boolean,
  schema: z.core.$ZodType<P>,
  next: (page: P, bounds: ListBounds) => Query | undefined,
  maxPages?: number,
): Promise<T[]> {
  const bounds = new ListBounds(`${path}${formatQuery(query)}`, maxPages);
  const kept: T[] = [];
  for (let pageQuery: Query | undefined = query; pageQuery !== undefined; ) {
    const page = await konnect.get(path, schema, pageQuery);
    pageQuery = next(page, bounds);
    bounds.afterPage(page.data.length, pageQuery !== undefined); // before anything of a page past the bounds is kept
    for (const entry of page.data) if (keep(entry)) kept.push(entry);
  }
  return kept;
}

const pageMeta = z.object({ page: z.object({ number: z.int(), size: z.int(), total: z.int() }) });

/**
 * Kong Identity and control-plane lists: `page[number]` / `page[size]`, and `meta.page` saying how
 * many items there are. Goes on while `meta.page.total` says more items follow.
 */
export function listPlatformPages<T extends Identified>(
  konnect: KonnectClient,
  path: string,
  item: z.core.$ZodType<T>,
  query: Query,
  keep: (item: T) => boolean = () => true,
  maxPages?: number,
): Promise<T[]> {
  const schema = z.object({ data: z.array(item), meta: z.exactOptional(pageMeta) });
  const seen = new Set<string>();
  let number = 1;
  return readList(
    konnect,
    path,
    query,
    keep,
    schema,
    (page, bounds) => {
      const meta = page.meta?.page;
      if (meta !== undefined && meta.number !== number) bounds.stuck(`Konnect answered page ${meta.number}`);
      // A page of items all met before is the same page again (an item or two may repeat when the list changes meanwhile).
      if (page.data.length > 0 && page.data.every((entry) => seen.has(entry.id))) bounds.stuck('the items of an earlier page came again');
      for (const entry of page.data) seen.add(entry.id);
      if (meta === undefined || page.data.length === 0 || meta.number * meta.size >= meta.total) return undefined;
      number += 1;
      return { ...query, 'page[number]': number };
    },
    maxPages,
  );
}

/** Core-entity lists (the Kong Admin API): `size`, and an opaque `offset` naming the next page until the last. */
export function listCoreEntityPages<T extends Identified>(
  konnect: KonnectClient,
  path: string,
  item: z.core.$ZodType<T>,
  query: Query,
  keep: (item: T) => boolean = () => true,
): Promise<T[]> {
  const schema = z.object({ data: z.array(item), offset: z.nullish(z.string()) });
  const offsets = new Set<string>();
  return readList(konnect, path, query, keep, schema, (page, bounds) => {
    if (!page.offset) return undefined;
    if (offsets.has(page.offset)) bounds.stuck('Konnect answered the offset of an earlier page');
    offsets.add(page.offset);
    return { ...query, offset: page.offset };
  });
}
