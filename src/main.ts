/** Composition root and CLI. */
console.log('otasuke');
