/**
 * Bench child: the floor. The least any gateway written in Node can do in the server's place: take
 * a POSTed GraphQL body, parse it, send it on to the sandbox over a keep-alive socket, parse the
 * answer, serialize it again and answer in one write. No protocol, no validation, no logging.
 * Its latency, divided by the direct call's, is what one extra Node hop costs on this machine;
 * the overhead section measures it beside the real surfaces so their ratios can be read against
 * it. FLOOR_UPSTREAM is the sandbox's URL. Answers `cpu` over IPC.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveIpc } from './ipc.js';

const upstream = new URL(process.env.FLOOR_UPSTREAM ?? '');
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function collect(stream: NodeJS.ReadableStream, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
}

const server = createServer((req, res) => {
  const fail = (status: number) => {
    if (!res.headersSent) res.writeHead(status, { 'content-length': 0 }).end();
  };
  collect(req, (text) => {
    const body = JSON.stringify(JSON.parse(text));
    const out = request(upstream, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      },
    });
    out.on('error', () => fail(502));
    out.on('response', (answer) =>
      collect(answer, (reply) => {
        const json = JSON.stringify(JSON.parse(reply));
        res.writeHead(answer.statusCode ?? 502, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(json),
        });
        res.end(json);
      }),
    );
    out.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  serveIpc({ url: `http://127.0.0.1:${port}/`, pid: process.pid }, { cpu: () => process.cpuUsage() });
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
