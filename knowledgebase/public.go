package knowledgebase

import (
	"context"
	"strings"
)

// PublicDir is the folder of the handbook whose documents are public:
// what candidates who are nobody of the org may be answered from (the
// shop, the job, pay practices, benefits). Everything else in the
// handbook is internal and never shown to them.
const PublicDir = "public/"

// Public reports whether a handbook document is public: it lies in the
// handbook's public folder.
func Public(doc string) bool { return strings.HasPrefix(doc, PublicDir) }

// SearchPublic answers a candidate's question from the public documents
// only: the best passage that covers the question well enough, or none.
// No model writes the answer: a candidate reads the handbook's own words.
func (s *Service) SearchPublic(ctx context.Context, orgID int64, q string) (Hit, bool, error) {
	hits, err := s.Search(ctx, orgID, q, 50)
	if err != nil {
		return Hit{}, false, err
	}
	for _, h := range hits {
		if Public(h.Passage.Doc) {
			return h, h.Relevance >= DefaultMinRelevance, nil
		}
	}
	return Hit{}, false, nil
}
