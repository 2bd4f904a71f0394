/* Bulletin QA chat widget: placeholder. The embeddable widget is not built yet; it will
   talk to POST /v1/ask with "stream": true (events: passages, delta, citations, done,
   error; see README). Until then this script only says so in the console. */
console.info("Bulletin QA widget: not built yet; see the API at /docs");
