import { Parser } from '@asyncapi/parser';
import { loadDomainContract } from '../contract/load-contract';
import { generateDomainLibrary, type DomainFixture } from '../contract/testing/domain-fixture';
import { buildAsyncApiDocument } from './document';
import { parseAsyncApi, renderAsyncApi } from './render';
import { toAsyncApiSchema } from './to-draft-07';

describe('AsyncAPI document of a generated domain', () => {
  let lib: DomainFixture;
  afterEach(() => lib?.remove());

  // @asyncapi/parser takes about a second per document: two documents cover both envelope shapes
  it.each([
    ['versioned, with metadata', { name: 'tasks', events: 'created,updated' }, 'task.created.v1'],
    [
      'unversioned, without metadata',
      { name: 'orders', events: 'placed', versioning: false, metadata: false },
      'order.placed',
    ],
  ])(
    '%s: parses with zero errors and warnings',
    async (_label, options, firstType) => {
      lib = await generateDomainLibrary(options);
      const contract = loadDomainContract(lib.projectRoot);
      const text = renderAsyncApi(buildAsyncApiDocument(contract, { version: '1.2.3' }));
      const { document, diagnostics } = await new Parser().parse(text);
      // severity 0 error, 1 warning; the "3.0.0 is not the latest version" notice is below those
      const problems = diagnostics
        .filter((d) => d.severity <= 1)
        .map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`);
      expect(problems).toEqual([]);
      // the only remaining diagnostic: the recommendation to move to AsyncAPI 3.1.0
      expect(diagnostics.map((d) => d.code)).toEqual(['asyncapi-latest-version']);
      expect(document).toBeDefined();

      const channel = document!.channels().all()[0];
      expect(channel.address()).toBe(contract.config.topic);
      const messages = channel.messages().all();
      expect(messages.map((m) => m.name())).toEqual(contract.versions.map((v) => v.wireType));
      expect(messages[0].name()).toBe(firstType);
      expect(
        document!
          .operations()
          .all()
          .map((o) => o.action())
          .sort(),
      ).toEqual(['receive', 'send']);

      const first = messages[0];
      const envelope = first.payload()!.json() as {
        properties: Record<string, { properties?: object; const?: unknown }>;
      };
      expect(envelope.properties.event_type.const).toBe(firstType);
      expect(envelope.properties.payload.properties).toHaveProperty(contract.versions[0].event.key);
      expect('correlation_id' in envelope.properties).toBe(contract.config.metadata);
      expect(first.headers()!.json()).toMatchObject({
        properties: { ce_type: { const: firstType }, ce_source: { const: contract.config.source } },
      });
      expect((first.bindings().get('kafka')!.value() as { key: object }).key).toMatchObject({
        type: 'string',
      });

      // the YAML round-trips to the same document
      expect(parseAsyncApi(text)).toEqual(buildAsyncApiDocument(contract, { version: '1.2.3' }));
    },
    60_000,
  );
});

describe('toAsyncApiSchema', () => {
  it('hoists $defs into components and rewrites their $refs, maps prefixItems', () => {
    const { schema, components } = toAsyncApiSchema(
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          node: { $ref: '#/$defs/Node' },
          pair: {
            type: 'array',
            prefixItems: [{ type: 'string' }, { type: 'number' }],
            items: false,
          },
        },
        $defs: { Node: { type: 'object', properties: { next: { $ref: '#/$defs/Node' } } } },
      },
      'TaskCreatedV1_',
    );
    expect(schema).toEqual({
      type: 'object',
      properties: {
        node: { $ref: '#/components/schemas/TaskCreatedV1_Node' },
        pair: {
          type: 'array',
          items: [{ type: 'string' }, { type: 'number' }],
          additionalItems: false,
        },
      },
    });
    expect(components).toEqual({
      TaskCreatedV1_Node: {
        type: 'object',
        properties: { next: { $ref: '#/components/schemas/TaskCreatedV1_Node' } },
      },
    });
  });
});
