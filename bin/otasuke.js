#!/usr/bin/env node
// Entry point: runs the compiled CLI (built by `npm run build`, run automatically on install).
import '../dist/src/main.js';
