/**
 * The contract is a compatible subset of the real Cway schema, and every operation the project
 * sends validates against both the contract and the real schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isEnumType,
  isInputObjectType,
  isObjectType,
  isScalarType,
  isUnionType,
  isNonNullType,
  parse,
  validate,
  getOperationAST,
  type GraphQLSchema,
  type GraphQLNamedType,
} from 'graphql';
import { contractSchema } from '../src/cway/contract.js';
import { recordedDocuments } from '../src/cway/graphql.js';
import { capabilities } from '../src/capabilities/index.js';
import { findReferenceIntrospection, loadReferenceSchema } from './support/reference-schema.js';

const refPath = findReferenceIntrospection();

/** Every way the contract's type `name` departs from the real schema. */
export function subsetProblems(contract: GraphQLSchema, real: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const type of Object.values(contract.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const other = real.getType(type.name);
    if (!other) {
      problems.push(`type ${type.name} does not exist in the real schema`);
      continue;
    }
    const kind = (t: GraphQLNamedType) =>
      isObjectType(t)
        ? 'object'
        : isInputObjectType(t)
          ? 'input'
          : isEnumType(t)
            ? 'enum'
            : isUnionType(t)
              ? 'union'
              : isScalarType(t)
                ? 'scalar'
                : 'other';
    if (kind(type) !== kind(other)) {
      problems.push(`type ${type.name} is a ${kind(type)} here but a ${kind(other)} in the real schema`);
      continue;
    }
    if (isObjectType(type) && isObjectType(other)) {
      const realFields = other.getFields();
      for (const field of Object.values(type.getFields())) {
        const rf = realFields[field.name];
        if (!rf) {
          problems.push(`${type.name}.${field.name} does not exist`);
          continue;
        }
        if (String(rf.type) !== String(field.type)) {
          problems.push(`${type.name}.${field.name} is ${field.type} here but ${rf.type} in the real schema`);
        }
        const realArgs = new Map(rf.args.map((a) => [a.name, a]));
        for (const arg of field.args) {
          const ra = realArgs.get(arg.name);
          if (!ra) problems.push(`${type.name}.${field.name}(${arg.name}) does not exist`);
          else if (String(ra.type) !== String(arg.type)) {
            problems.push(
              `${type.name}.${field.name}(${arg.name}) is ${arg.type} here but ${ra.type} in the real schema`,
            );
          }
        }
        for (const ra of rf.args) {
          if (isNonNullType(ra.type) && ra.defaultValue === undefined && !field.args.some((a) => a.name === ra.name)) {
            problems.push(`${type.name}.${field.name} lacks the required argument ${ra.name}`);
          }
        }
      }
    }
    if (isInputObjectType(type) && isInputObjectType(other)) {
      const realFields = other.getFields();
      for (const field of Object.values(type.getFields())) {
        const rf = realFields[field.name];
        if (!rf) problems.push(`input ${type.name}.${field.name} does not exist`);
        else if (String(rf.type) !== String(field.type)) {
          problems.push(`input ${type.name}.${field.name} is ${field.type} here but ${rf.type} in the real schema`);
        }
      }
      for (const rf of Object.values(realFields)) {
        if (isNonNullType(rf.type) && rf.defaultValue === undefined && !type.getFields()[rf.name]) {
          problems.push(`input ${type.name} lacks the required field ${rf.name}`);
        }
      }
    }
    if (isEnumType(type) && isEnumType(other)) {
      const mine = type
        .getValues()
        .map((v) => v.name)
        .sort();
      const theirs = other
        .getValues()
        .map((v) => v.name)
        .sort();
      // Enums must match exactly: a value we lack would break decoding of real answers.
      if (mine.join() !== theirs.join())
        problems.push(`enum ${type.name} is [${mine}] here but [${theirs}] in the real schema`);
    }
    if (isUnionType(type) && isUnionType(other)) {
      const mine = type
        .getTypes()
        .map((t) => t.name)
        .sort();
      const theirs = other
        .getTypes()
        .map((t) => t.name)
        .sort();
      if (mine.join() !== theirs.join())
        problems.push(`union ${type.name} is [${mine}] here but [${theirs}] in the real schema`);
    }
  }
  return problems;
}

test(
  'the contract is a compatible subset of the real Cway schema',
  { skip: refPath ? false : 'reference schema not found (set CWAY_REFERENCE_SCHEMA)' },
  () => {
    const real = loadReferenceSchema(refPath!);
    assert.deepEqual(subsetProblems(contractSchema(), real), []);
  },
);

test(
  'the subset check catches a misspelt field, a wrong type and a wrong enum',
  { skip: refPath ? false : 'reference schema not found' },
  async () => {
    const real = loadReferenceSchema(refPath!);
    const { buildSchema } = await import('graphql');
    const bad = buildSchema(`
    scalar UUID
    type Query { project(id: UUID!): Project }
    type Project { id: UUID! nmae: String! orderNo: Int! }
    enum ProjectState { IN_PROGRESS DONE }
  `);
    const problems = subsetProblems(bad, real);
    assert.ok(problems.includes('Project.nmae does not exist'), problems.join('\n'));
    assert.ok(
      problems.some((p) => p.startsWith('Project.orderNo is Int!')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('enum ProjectState')),
      problems.join('\n'),
    );
  },
);

test('every operation the project sends validates against the contract and the real schema', () => {
  assert.ok(capabilities.length > 0);
  const docs = recordedDocuments();
  assert.ok(docs.length >= capabilities.length / 2, `only ${docs.length} documents recorded`);
  const real = refPath ? loadReferenceSchema(refPath) : undefined;
  const failures: string[] = [];
  for (const doc of docs) {
    // Fragment-only documents are validated inside the operations that spread them.
    const op = getOperationAST(doc);
    if (!op) continue;
    const name = op.name?.value ?? '(anonymous)';
    for (const [label, schema] of [
      ['contract', contractSchema()],
      ['real', real],
    ] as const) {
      if (!schema) continue;
      const errors = validate(schema, doc);
      for (const e of errors) failures.push(`${name} vs ${label}: ${e.message}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('operation validation rejects a misspelt field', () => {
  const errors = validate(contractSchema(), parse('query { loginInfo { user { usernme } } }'));
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /Cannot query field "usernme" on type "User"/);
});
