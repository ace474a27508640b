/** Organisation setup data: artwork categories, brands and print specifications. */
import type { Store } from '../store.js';
import type { BrandRow, CategoryRow, PrintSpecRow } from './types.js';

export class SetupRepo {
  constructor(private readonly store: Store) {}

  categories(archived: boolean): CategoryRow[] {
    return this.store.all<CategoryRow>('SELECT * FROM categories WHERE archived = ? ORDER BY position, name', [
      archived ? 1 : 0,
    ]);
  }

  category(id: string): CategoryRow | undefined {
    return this.store.get<CategoryRow>('SELECT * FROM categories WHERE id = ?', [id]);
  }

  categoryByName(name: string): CategoryRow | undefined {
    return this.store.get<CategoryRow>('SELECT * FROM categories WHERE fold(name) = fold(?)', [name]);
  }

  defaultCategory(): CategoryRow {
    return this.store.get<CategoryRow>('SELECT * FROM categories WHERE isDefault = 1')!;
  }

  /** How many project artworks use a category. */
  usage(categoryId: string): number {
    return this.store.get<{ n: number }>('SELECT COUNT(*) AS n FROM artworks WHERE categoryId = ?', [categoryId])!.n;
  }

  brands(): BrandRow[] {
    return this.store.all<BrandRow>('SELECT * FROM brands ORDER BY fold(name), id');
  }

  brand(id: string): BrandRow | undefined {
    return this.store.get<BrandRow>('SELECT * FROM brands WHERE id = ?', [id]);
  }

  printSpecs(): PrintSpecRow[] {
    return this.store.all<PrintSpecRow>('SELECT * FROM printSpecs ORDER BY createdAt, id');
  }

  printSpec(id: string): PrintSpecRow | undefined {
    return this.store.get<PrintSpecRow>('SELECT * FROM printSpecs WHERE id = ?', [id]);
  }
}
