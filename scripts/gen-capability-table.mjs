#!/usr/bin/env node
/**
 * Generates docs/capabilities.md: every capability of the registry with the Cway root fields it
 * may send and its REST route, so the table cannot drift from the code.
 *
 *   node --import tsx scripts/gen-capability-table.mjs          rewrite docs/capabilities.md
 *   node --import tsx scripts/gen-capability-table.mjs --check  exit 1 when the file is stale
 *
 * Names, toolsets, hints and routes come from the registry itself (src/capabilities/index.ts).
 * The Cway operations are found statically: every `graphql(`...`)` document in src/capabilities
 * belongs to the top-level declaration that holds it, and a capability reaches the documents of
 * every declaration it refers to, in its own file or through imports, transitively. A helper
 * that sends an operation only on some path still counts: the table says what a capability may send.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parse } from 'graphql';
import prettier from 'prettier';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const capsDir = join(root, 'src', 'capabilities');
const outFile = join(root, 'docs', 'capabilities.md');
/** Hand-kept: what was asked for but is not offered, and why (appended as the last section). */
const gapsFile = join(root, 'docs', 'capability-gaps.md');

/** All .ts files below a directory. */
function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** `./x.js` imported from `from` → the .ts file, or null when it is not one of ours. */
function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return null;
  const target = resolve(dirname(from), spec).replace(/\.js$/, '.ts');
  return existsSync(target) ? target : null;
}

/** The root fields of every operation in a GraphQL source, as "query x" / "mutation y". */
function rootFields(source) {
  const out = [];
  for (const def of parse(source).definitions) {
    if (def.kind !== 'OperationDefinition') continue;
    for (const sel of def.selectionSet.selections) {
      if (sel.kind === 'Field' && !sel.name.value.startsWith('__')) out.push(`${def.operation} ${sel.name.value}`);
    }
  }
  return out;
}

/** The declaration name of `export default …` (no identifier can spell it). */
const DEFAULT = '#default';

/** True for `b` in `a.b` and for `b` in `{ b: 1 }`: a property name, not a reference. */
const isPropertyName = (node) =>
  (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) ||
  ((ts.isPropertyAssignment(node.parent) || ts.isMethodDeclaration(node.parent)) && node.parent.name === node);

/**
 * One module: its top-level declarations (name → { ops, refs }), its imports
 * (local → { file, name }) and its capabilities (capability name → declaration).
 */
function analyse(file) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const decls = new Map();
  const imports = new Map();
  const capabilities = new Map();
  const exported = new Map(); // exported name → declaration name

  const declare = (name, node) => {
    const decl = { node, ops: new Set(), refs: new Set() };
    decls.set(name, decl);
    return decl;
  };

  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const target = resolveImport(file, st.moduleSpecifier.text);
      const clause = st.importClause;
      if (!target || !clause || clause.isTypeOnly) continue;
      if (clause.name) imports.set(clause.name.text, { file: target, name: 'default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) {
          if (!el.isTypeOnly) imports.set(el.name.text, { file: target, name: (el.propertyName ?? el.name).text });
        }
      }
      continue;
    }
    const isExported =
      ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) continue;
        declare(d.name.text, d);
        if (isExported) exported.set(d.name.text, d.name.text);
      }
    } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) {
      declare(st.name.text, st);
      if (isExported) exported.set(st.name.text, st.name.text);
    } else if (ts.isExportAssignment(st)) {
      declare(DEFAULT, st.expression);
      exported.set('default', DEFAULT);
    } else if (
      ts.isExportDeclaration(st) &&
      st.exportClause &&
      ts.isNamedExports(st.exportClause) &&
      !st.moduleSpecifier
    ) {
      for (const el of st.exportClause.elements) exported.set(el.name.text, (el.propertyName ?? el.name).text);
    }
  }

  for (const [name, decl] of decls) {
    const visit = (node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const callee = node.expression.text;
        const first = node.arguments[0];
        if (callee === 'graphql' && first && ts.isNoSubstitutionTemplateLiteral(first)) {
          for (const op of rootFields(first.text)) decl.ops.add(op);
        }
        if (callee === 'defineCapability' && first && ts.isObjectLiteralExpression(first)) {
          const prop = first.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(sf) === 'name');
          if (prop && ts.isStringLiteralLike(prop.initializer)) capabilities.set(prop.initializer.text, name);
        }
      }
      if (
        ts.isIdentifier(node) &&
        node.text !== name &&
        !isPropertyName(node) &&
        (decls.has(node.text) || imports.has(node.text))
      ) {
        decl.refs.add(node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(decl.node);
  }
  return { decls, imports, capabilities, exported };
}

const modules = new Map(tsFiles(capsDir).map((f) => [f, analyse(f)]));

/** Every Cway root field a declaration may send, following references across modules. */
function operationsOf(file, declName, seen = new Set()) {
  const key = `${file}#${declName}`;
  if (seen.has(key)) return new Set();
  seen.add(key);
  const mod = modules.get(file);
  const decl = mod?.decls.get(declName);
  if (!decl) return new Set();
  const ops = new Set(decl.ops);
  for (const ref of decl.refs) {
    let next;
    if (mod.decls.has(ref)) next = operationsOf(file, ref, seen);
    else {
      const imp = mod.imports.get(ref);
      const target = imp && modules.get(imp.file);
      const local = target?.exported.get(imp.name);
      if (local) next = operationsOf(imp.file, local, seen);
    }
    for (const op of next ?? []) ops.add(op);
  }
  return ops;
}

const staticOps = new Map();
for (const [file, mod] of modules) {
  for (const [name, declName] of mod.capabilities) {
    staticOps.set(name, { file: relative(root, file), ops: operationsOf(file, declName) });
  }
}

const { capabilities } = await import(join(capsDir, 'index.ts'));

const problems = [];
const fmt = (ops, kind) =>
  [...ops]
    .filter((o) => o.startsWith(`${kind} `))
    .map((o) => o.slice(kind.length + 1))
    .sort()
    .map((o) => `\`${o}\``)
    .join(', ') || '—';
const kindOf = (h) => (h.readOnlyHint ? 'read' : h.destructiveHint ? 'destructive (confirm)' : 'write');

const byToolset = new Map();
for (const cap of capabilities) {
  const found = staticOps.get(cap.name);
  if (!found) {
    problems.push(`no defineCapability({ name: '${cap.name}' }) found under src/capabilities`);
    continue;
  }
  if (found.ops.size === 0)
    problems.push(`${cap.name} (${found.file}) sends no graphql() operation that could be found`);
  const rows = byToolset.get(cap.toolset) ?? [];
  rows.push(
    `| \`${cap.name}\` | ${cap.title} | ${kindOf(cap.hints)} | ${fmt(found.ops, 'query')} | ${fmt(found.ops, 'mutation')} | ${
      cap.rest ? `${cap.rest.method} \`${cap.rest.path}\`` : 'MCP only'
    } |`,
  );
  byToolset.set(cap.toolset, rows);
}
if (problems.length > 0) {
  console.error(`gen-capability-table: ${problems.join('\n')}`);
  process.exit(2);
}

const sections = [...byToolset].map(([toolset, rows]) =>
  [
    `## ${toolset}`,
    '',
    '| Capability (MCP tool) | Title | Kind | Cway queries | Cway mutations | REST |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n'),
);

const raw = `# Capabilities

<!-- Generated by scripts/gen-capability-table.mjs from src/capabilities/index.ts; do not edit by hand. -->

Every capability of the registry (${capabilities.length}), by toolset, in registry order: the MCP tool name, what it
does, whether it reads, writes or destroys (destructive ones ask for confirmation, see
[confirmation.md](confirmation.md)), the Cway GraphQL root fields it may send, and its REST route
(see [rest.md](rest.md)). The root fields are found in the code, following every helper a capability
uses, so a field sent only on some path (e.g. setting a manager when one is given) is listed too.

Regenerate with \`node --import tsx scripts/gen-capability-table.mjs\`; the tests fail when this file
is stale.

${sections.join('\n\n')}
${existsSync(gapsFile) ? `\n${readFileSync(gapsFile, 'utf8')}` : ''}`;

// Formatted as `npm run lint` (prettier --check .) expects it.
const markdown = await prettier.format(raw, { ...(await prettier.resolveConfig(outFile)), filepath: outFile });

if (process.argv.includes('--check')) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  if (current !== markdown) {
    console.error('docs/capabilities.md is stale: run `node --import tsx scripts/gen-capability-table.mjs`.');
    process.exit(1);
  }
  console.log(`docs/capabilities.md is up to date (${capabilities.length} capabilities).`);
} else {
  writeFileSync(outFile, markdown);
  console.log(`wrote docs/capabilities.md (${capabilities.length} capabilities).`);
}
