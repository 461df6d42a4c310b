// @ts-check
// Shared by the benchmarks that start servers of their own.
'use strict';

const { createServer } = require('node:net');

/** A port nothing listens on right now, on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(address.port));
    });
  });
}

module.exports = { freePort };
