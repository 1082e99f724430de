// Stands in for Material's lunr search worker, which is not used: docs/assets/search-pagefind.js
// answers Material's search messages with Pagefind (see scripts/site/hooks/search.py).
