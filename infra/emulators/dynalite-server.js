#!/usr/bin/env node
// Local DynamoDB-compatible server for dev runs and tests (started by dev.aitoingest.local.LocalEmulators).
//
//   node dynalite-server.js [--port <port>] [--path <dir>]
//
// Listens on 127.0.0.1 only. --port 0 (the default) picks a free port. --path keeps the tables in a
// LevelDB store under <dir>; without it everything lives in memory. Prints one line
// "dynalite listening on <port>" once it accepts requests, and shuts down when its stdin closes, so it
// never outlives the process that started it, even one killed with SIGKILL.
'use strict'

const { parseArgs } = require('node:util')
const dynalite = require('dynalite')

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    path: { type: 'string' },
  },
})
const port = Number(args.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid --port: ${args.port}`)
  process.exit(2)
}

const server = dynalite({
  path: args.path,
  // Tables go ACTIVE at once: nothing waits on the 500 ms defaults that mimic AWS.
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
})

server.on('error', (err) => {
  console.error(`dynalite failed: ${err.message}`)
  process.exit(1)
})

server.listen(port, '127.0.0.1', () => {
  console.log(`dynalite listening on ${server.address().port}`)
})

let stopping = false
function stop () {
  if (stopping) return
  stopping = true
  // SDK clients hold keep-alive connections that would delay server.close() for the full idle timeout.
  server.closeAllConnections()
  // Closing the server also closes LevelDB cleanly; do not hang if that stalls.
  setTimeout(() => process.exit(1), 5000).unref()
  server.close((err) => {
    if (err) console.error(`dynalite shutdown: ${err.message}`)
    process.exit(err ? 1 : 0)
  })
}

process.stdin.on('end', stop)
process.stdin.on('error', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
