"""Stream articles through ``nlp.pipe`` and analyse each parse."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from kg.extract import entities, figures, gazetteer, meetings, numbers
from kg.extract.document import analyse
from kg.extract.pipeline import load_pipeline
from kg.model import Article, Extraction


class Extractor:
    """Holds one loaded pipeline; ``extract_many`` streams in batches with constant memory."""

    def __init__(self, pipeline: str, *, batch_size: int = 32) -> None:
        self.nlp = load_pipeline(pipeline)
        self.batch_size = batch_size

    def warm_up(self) -> None:
        """Load the word lists and gazetteers now, not while the first article is analysed."""
        gazetteer.preload()
        entities.preload()
        figures.cues()
        meetings.lexicon()
        numbers.preload()

    def extract(self, article: Article) -> Extraction:
        """Extract one article; errors propagate (use ``extract_many`` for batch semantics)."""
        return analyse(article, self.nlp(article.story_text()))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """Extractions in input order; spaCy does the batching."""
        pairs = self.nlp.pipe(((a.story_text(), a) for a in articles), as_tuples=True,
                              batch_size=self.batch_size)
        for doc, article in pairs:
            yield safe_analyse(article, doc)


def safe_analyse(article: Article, doc: Doc) -> Extraction:
    """``analyse``, with a failure on one article kept as that article's failure instead of ending the batch."""
    try:
        return analyse(article, doc)
    except Exception as exc:  # a bug on one input must not cost the other articles of the batch
        return Extraction(article=article, failure=f"extraction failed ({type(exc).__name__}: {exc})")
