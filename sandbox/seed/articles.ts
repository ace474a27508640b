/**
 * Articles (products with article numbers and GTINs) linked to the artworks that print them:
 * the oral-care toothpaste (both its artworks) and the Skin Pure day cream.
 */
import type { Store } from '../store.js';
import { stableUuid } from '../random.js';

const ARTICLES: { no: string; name: string; brand: string; size: string; gtins: string[]; artworks: string[] }[] = [
  {
    no: 'NC-TP-075',
    name: 'Nordic Care Toothpaste Fresh Mint',
    brand: 'Nordic Care',
    size: '75 ml',
    gtins: ['7310865004703', '7310865004710'],
    artworks: ['Toothpaste 75 ml carton', 'Toothpaste 75 ml tube'],
  },
  {
    no: 'SP-DC-050',
    name: 'Skin Pure Day Cream',
    brand: 'Skin Pure',
    size: '50 ml',
    gtins: ['7350012340018'],
    artworks: ['Skin Pure Day Cream 50 ml carton'],
  },
  {
    no: 'BS-LO-200',
    name: 'Baby Soft Lotion',
    brand: 'Baby Soft',
    size: '200 ml',
    gtins: ['7350012340025'],
    artworks: [],
  },
];

export function seedArticles(store: Store, seed: number): void {
  for (const a of ARTICLES) {
    const id = stableUuid(seed, `article:${a.no}`);
    const brand = store.get<{ id: string }>('SELECT id FROM brands WHERE name = ?', [a.brand]);
    store.insert('articles', { id, articleNo: a.no, name: a.name, brandId: brand?.id ?? null, size: a.size });
    for (const gtin of a.gtins) store.insert('articleGtins', { articleId: id, gtin });
    for (const name of a.artworks) {
      const artwork = store.get<{ id: string }>('SELECT id FROM artworks WHERE name = ?', [name]);
      if (artwork) store.insert('articleArtworks', { articleId: id, artworkId: artwork.id });
    }
  }
}
