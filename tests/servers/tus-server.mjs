// SPDX-License-Identifier: GPL-3.0-or-later
// The official @tus/server with its file store, for Bastion's tests and benchmarks.
// Usage: node tus-server.mjs --dir DIR [--host 127.0.0.1] [--port 0] [--path /files]
//        [--token TOKEN] [--tls-cert PEM --tls-key PEM] [--log FILE]
// Prints one JSON line {"port": N} once listening. Each request is appended to --log as a
// JSON line (method, path, tus headers, whether it was authorised) — never the token itself.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import {parseArgs} from 'node:util';
import {Server} from '@tus/server';
import {FileStore} from '@tus/file-store';

const {values: args} = parseArgs({
  options: {
    dir: {type: 'string'},
    host: {type: 'string', default: '127.0.0.1'},
    port: {type: 'string', default: '0'},
    path: {type: 'string', default: '/files'},
    token: {type: 'string'},
    'tls-cert': {type: 'string'},
    'tls-key': {type: 'string'},
    log: {type: 'string'},
  },
});

// Served over TLS by node itself (no reverse proxy), @tus/server would write http:// into
// Location, since nothing tells it the scheme; a relative Location keeps the client's https.
const tus = new Server({
  path: args.path,
  datastore: new FileStore({directory: args.dir}),
  relativeLocation: Boolean(args['tls-cert']),
});
const logged = ['upload-offset', 'upload-length', 'upload-metadata', 'upload-checksum',
  'tus-resumable', 'content-length'];

function handle(req, res) {
  const authorized = !args.token || req.headers.authorization === `Bearer ${args.token}`;
  if (args.log) {
    const line = {method: req.method, path: req.url, authorized};
    for (const name of logged) line[name] = req.headers[name] ?? null;
    fs.appendFileSync(args.log, JSON.stringify(line) + '\n');
  }
  if (!authorized) {
    res.writeHead(401, {'Tus-Resumable': '1.0.0'});
    res.end();
    return;
  }
  tus.handle(req, res);
}

const server = args['tls-cert']
  ? https.createServer({cert: fs.readFileSync(args['tls-cert']), key: fs.readFileSync(args['tls-key'])}, handle)
  : http.createServer(handle);
server.listen(Number(args.port), args.host, () => {
  process.stdout.write(JSON.stringify({port: server.address().port}) + '\n');
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();  // keep-alive clients must not hold the exit back
  });
}
