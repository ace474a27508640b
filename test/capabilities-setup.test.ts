/**
 * Setup data through the MCP SDK client against the seeded sandbox: categories, brands and print
 * specifications are listed, created and changed; every effect is checked with a raw GraphQL read.
 * Also checks that docs/capabilities.md (generated from the whole registry) is not stale.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { startHarness, type Harness } from './support/harness.js';
import { graphql } from '../src/cway/graphql.js';

const RawCategories = graphql(`
  query TestRawCategories {
    organisation {
      artworkCategories {
        id
        name
        description
      }
      archivedArtworkCategories {
        id
      }
      defaultCategory {
        id
      }
    }
  }
`);
const RawBrands = graphql(`
  query TestRawBrands {
    brands {
      id
      name
    }
  }
`);
const RawSpec = graphql(`
  query TestRawSpec($id: UUID!) {
    printSpecification(id: $id) {
      name
      packaging {
        packagingItem
        substrate
        substrateColor
      }
      print {
        printingTechnique
        bleed
        maximumInkCoverage
        metallicPMS
      }
      decor {
        barCodeSize
        barCodeDirection
        otherPackItemToMatch
      }
      specialInstructions {
        deliverables
        other
      }
    }
  }
`);

interface Category {
  id: string;
  name: string;
  description: string;
  isDefault: boolean;
  archived: boolean;
}
interface Spec {
  id: string;
  name: string;
  packaging: Record<string, unknown>;
  print: Record<string, unknown>;
  decor: Record<string, unknown>;
  specialInstructions: Record<string, unknown>;
}

let h: Harness;
const admin = () => h.sandbox.adminToken;

function errorText(r: CallToolResult): string {
  assert.equal(r.isError, true, `expected an error, got ${JSON.stringify(r.structuredContent)}`);
  return (r.content as Array<{ text: string }>).map((c) => c.text).join('\n');
}

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h.close();
});

test('categories: list with the default marked, create (found by name), rename, and refusals', async () => {
  const raw = (await h.client.request(RawCategories, {}, admin())).organisation!;
  const listed = await h.data<{ categories: Category[]; defaultCategoryId: string }>(
    'list_categories',
    {},
    'project_manager',
  );
  assert.deepEqual(listed.categories.map((c) => c.id).sort(), raw.artworkCategories.map((c) => c.id).sort());
  assert.equal(listed.defaultCategoryId, raw.defaultCategory.id);
  assert.deepEqual(
    listed.categories.filter((c) => c.isDefault).map((c) => c.id),
    [raw.defaultCategory.id],
  );
  const withArchived = await h.data<{ categories: Category[] }>(
    'list_categories',
    { includeArchived: true },
    'project_manager',
  );
  assert.equal(withArchived.categories.length, raw.artworkCategories.length + raw.archivedArtworkCategories.length);

  const { category } = await h.data<{ category: Category }>(
    'create_category',
    { name: 'Tube', description: 'Squeeze tubes' },
    'admin',
  );
  assert.equal(category.name, 'Tube');
  let now = (await h.client.request(RawCategories, {}, admin())).organisation!;
  assert.deepEqual(
    now.artworkCategories.find((c) => c.id === category.id),
    { id: category.id, name: 'Tube', description: 'Squeeze tubes' },
  );

  const dup = await h.call('create_category', { name: 'tube' }, 'admin');
  assert.match(errorText(dup), /conflict[\s\S]*Tube/);

  const renamed = await h.data<{ category: Category }>(
    'update_category',
    { categoryId: category.id, name: 'Squeeze tube' },
    'admin',
  );
  assert.equal(renamed.category.name, 'Squeeze tube');
  assert.equal(renamed.category.description, 'Squeeze tubes', 'the description not given is kept');
  now = (await h.client.request(RawCategories, {}, admin())).organisation!;
  assert.deepEqual(
    now.artworkCategories.find((c) => c.id === category.id),
    { id: category.id, name: 'Squeeze tube', description: 'Squeeze tubes' },
  );

  const byManager = await h.call('create_category', { name: 'Pouch' }, 'project_manager');
  assert.match(errorText(byManager), /forbidden/);
  const missing = await h.call(
    'update_category',
    { categoryId: '00000000-0000-4000-8000-000000000000', name: 'x' },
    'admin',
  );
  assert.match(errorText(missing), /not_found[\s\S]*list_categories/);
});

test('brands: list, create with our own id, rename; duplicates are refused', async () => {
  const raw = (await h.client.request(RawBrands, {}, admin())).brands;
  const listed = await h.data<{ brands: Array<{ id: string; name: string }> }>('list_brands', {}, 'project_manager');
  assert.deepEqual(listed.brands.map((b) => b.id).sort(), raw.map((b) => b.id).sort());

  const { brand } = await h.data<{ brand: { id: string; name: string } }>(
    'create_brand',
    { name: 'Sun Shield Kids' },
    'admin',
  );
  assert.ok(
    (await h.client.request(RawBrands, {}, admin())).brands.some(
      (b) => b.id === brand.id && b.name === 'Sun Shield Kids',
    ),
  );
  const dup = await h.call('create_brand', { name: 'sun shield kids' }, 'admin');
  assert.match(errorText(dup), /conflict/);

  await h.data('update_brand', { brandId: brand.id, name: 'Sun Shield Junior' }, 'admin');
  assert.equal(
    (await h.client.request(RawBrands, {}, admin())).brands.find((b) => b.id === brand.id)?.name,
    'Sun Shield Junior',
  );
  const clash = await h.call('update_brand', { brandId: brand.id, name: raw[0]!.name }, 'admin');
  assert.match(errorText(clash), /conflict/);
});

test('print specifications: list, read, create with some fields, patch single fields keeping the rest', async () => {
  const list = await h.data<{ printSpecifications: Array<{ id: string; name: string }>; total: number }>(
    'list_print_specifications',
    {},
    'project_manager',
  );
  assert.ok(list.total > 0);
  const first = list.printSpecifications[0]!;
  const got = await h.data<{ printSpecification: Spec }>(
    'get_print_specification',
    { printSpecificationId: first.id },
    'project_manager',
  );
  const raw = (await h.client.request(RawSpec, { id: first.id }, admin())).printSpecification;
  assert.equal(got.printSpecification.name, raw.name);
  assert.equal(got.printSpecification.print.bleed, raw.print.bleed);
  assert.equal(got.printSpecification.packaging.substrate, raw.packaging.substrate);
  assert.equal(Object.keys(got.printSpecification.print).length, 22, 'all 22 print fields');

  const created = await h.data<{ printSpecification: { id: string; set: string[] }; warnings: string[] }>(
    'create_print_specification',
    {
      name: 'Tube 40 ml flexo',
      packaging: { packagingItem: 'Laminate tube' },
      print: { printingTechnique: 'Flexo', bleed: 2 },
    },
    'project_manager',
  );
  assert.deepEqual(created.warnings, []);
  assert.deepEqual(created.printSpecification.set, [
    'packaging.packagingItem',
    'print.printingTechnique',
    'print.bleed',
  ]);
  const id = created.printSpecification.id;
  let now = (await h.client.request(RawSpec, { id }, admin())).printSpecification;
  assert.equal(now.name, 'Tube 40 ml flexo');
  assert.equal(now.packaging.packagingItem, 'Laminate tube');
  assert.equal(now.print.printingTechnique, 'Flexo');
  assert.equal(now.print.bleed, 2);
  const defaults = { ...now };

  const patched = await h.data<{ printSpecification: { id: string; set: string[] } }>(
    'update_print_specification',
    { printSpecificationId: id, decor: { barCodeSize: 80 }, specialInstructions: { other: 'Match the 2025 tube.' } },
    'project_manager',
  );
  assert.deepEqual(patched.printSpecification.set, ['decor.barCodeSize', 'specialInstructions.other']);
  now = (await h.client.request(RawSpec, { id }, admin())).printSpecification;
  assert.equal(now.decor.barCodeSize, 80);
  assert.equal(now.decor.barCodeDirection, defaults.decor.barCodeDirection, 'other decor fields keep their values');
  assert.equal(now.decor.otherPackItemToMatch, defaults.decor.otherPackItemToMatch);
  assert.equal(now.specialInstructions.other, 'Match the 2025 tube.');
  assert.equal(now.specialInstructions.deliverables, defaults.specialInstructions.deliverables);
  assert.deepEqual(now.print, defaults.print, 'blocks not given are unchanged');
  assert.deepEqual(now.packaging, defaults.packaging);
  assert.equal(now.name, 'Tube 40 ml flexo');

  const nothing = await h.call(
    'update_print_specification',
    { printSpecificationId: id, print: {} },
    'project_manager',
  );
  assert.match(errorText(nothing), /invalid_input/);
  const missing = await h.call(
    'get_print_specification',
    { printSpecificationId: '00000000-0000-4000-8000-000000000000' },
    'project_manager',
  );
  assert.match(errorText(missing), /not_found[\s\S]*list_print_specifications/);

  const found = await h.data<{ printSpecifications: Array<{ id: string }> }>(
    'list_print_specifications',
    { name: 'tube 40' },
    'project_manager',
  );
  assert.deepEqual(
    found.printSpecifications.map((s) => s.id),
    [id],
  );
});

test('docs/capabilities.md lists every registered capability with its Cway operations (regenerate when this fails)', async () => {
  let root = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(root, 'scripts', 'gen-capability-table.mjs'))) {
    const up = dirname(root);
    assert.notEqual(up, root, 'scripts/gen-capability-table.mjs not found above the test');
    root = up;
  }
  const run = promisify(execFile);
  const result = await run(
    process.execPath,
    ['--import', 'tsx', join('scripts', 'gen-capability-table.mjs'), '--check'],
    { cwd: root },
  ).catch((err: { stderr?: string; stdout?: string }) => ({
    stdout: err.stdout ?? '',
    stderr: err.stderr ?? 'failed',
    failed: true,
  }));
  assert.ok(!('failed' in result), `${result.stderr}\nRun: node --import tsx scripts/gen-capability-table.mjs`);
  assert.match(result.stdout, /up to date/);
});
