// Package knowledgebase is hrbot's handbook search: it reads an HR
// handbook (Markdown, plain text with FAQ pairs, HTML) into documents cut
// into chunks under their headings, tokenizes English and Chinese alike
// (words with light stemming, CJK character bigrams), and finds the passages
// that answer a question with BM25 over text and headings, optionally fused
// with embedding similarity. A hit's Relevance tells whether it answers the
// question at all: under DefaultMinRelevance the bot should say it does not
// know. Evaluate measures retrieval on questions with known answers.
//
// The retrieval core (parse.go, tokenize.go, index.go, eval.go) is pure: no
// database, no network, no logging.
package knowledgebase
