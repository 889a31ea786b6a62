// Imported first by serve.mjs: libuv sizes its thread pool once, when it is
// first used, from UV_THREADPOOL_SIZE. Node's default of 4 threads is shared
// by static files, compression, WebCrypto and sharp's image jobs; a few
// images being processed must not leave the rest of the site waiting
// (issue 20). Image jobs are also bounded (EVIDENCE_IMAGE_JOBS), so 16
// threads leave at least 14 for everything else. An operator's own value wins.
process.env.UV_THREADPOOL_SIZE ||= '16';
