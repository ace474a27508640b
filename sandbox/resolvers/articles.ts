/**
 * Articles (products: article number, name, brand, size, GTINs) and the project artworks that
 * print them. Any signed-in user may search articles (an assumption, docs/sandbox.md); the
 * artworks of an article are only those the caller can see. Filters match as Cway describes them:
 * article number and name by case-insensitive substring, GTIN exactly, brand by id; article
 * categories are not modelled (the `category` filter then matches nothing).
 */
import type { Ctx } from './context.js';
import { notFound } from '../errors.js';
import { paging, visibleArtwork } from './context.js';

interface ArticleRow {
  id: string;
  articleNo: string;
  name: string | null;
  brandId: string | null;
  size: string | null;
}

export const articleQueries = {
  articles: (
    _: unknown,
    args: {
      articleNo?: string | null;
      name?: string | null;
      gtin?: string | null;
      category?: string | null;
      brand?: string | null;
      paging?: { page: number; pageSize: number } | null;
    },
    ctx: Ctx,
  ) => {
    const { page, offset, limit } = paging(args.paging);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value?: unknown) => {
      where.push(sql);
      if (value !== undefined) params.push(value);
    };
    if (args.articleNo) add('instr(lower(a.articleNo), lower(?)) > 0', args.articleNo);
    if (args.name) add("instr(lower(coalesce(a.name, '')), lower(?)) > 0", args.name);
    if (args.gtin)
      add('EXISTS (SELECT 1 FROM articleGtins g WHERE g.articleId = a.id AND g.gtin = ?)', args.gtin.trim());
    if (args.brand) add('a.brandId = ?', args.brand);
    if (args.category) add('0');
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = ctx.store.get<{ n: number }>(`SELECT count(*) AS n FROM articles a ${clause}`, params)!.n;
    const articles = ctx.store.all<ArticleRow>(
      `SELECT a.* FROM articles a ${clause} ORDER BY a.articleNo, a.id LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
    return { articles, page, totalHits: total };
  },

  projectArtworksForArticle: (_: unknown, args: { articleId: string }, ctx: Ctx) => {
    const article = ctx.store.get<ArticleRow>('SELECT * FROM articles WHERE id = ?', [args.articleId]);
    if (!article) throw notFound(`Article ${args.articleId} not found`);
    const ids = ctx.store.all<{ artworkId: string }>(
      'SELECT artworkId FROM articleArtworks WHERE articleId = ? ORDER BY artworkId',
      [article.id],
    );
    return ids.flatMap(({ artworkId }) => {
      const v = visibleArtwork(ctx, artworkId);
      return v ? [v.artwork] : [];
    });
  },
};

export const Article = {
  brand: (a: ArticleRow, _: unknown, ctx: Ctx) => (a.brandId ? (ctx.store.setup.brand(a.brandId) ?? null) : null),
};
