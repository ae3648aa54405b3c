"""The SpkAtt evaluation: text rebuilding, span-to-token mapping, matching and metrics."""

from __future__ import annotations

import json

import pytest

from service.evaluation import (
    GoldQuote,
    PredictedQuote,
    aggregate,
    confidence_check,
    default_data_dir,
    detokenize,
    dice,
    error_category,
    error_records_for,
    evaluate_document,
    format_report,
    in_holdout,
    load_spkatt_document,
    main,
    mark_mixed_gold,
    match_quotes,
    predictions_from_output,
    select_documents,
    threshold_sweep,
    type_is_right,
)

SENTENCES = [
    ["Putin", "sagte", ":", "„", "Das", "ist", "gefährlich", ".", "“"],
    ["„", "Wir", "bleiben", "“", ",", "erklärte", "Peskow", "der", "Agentur", "Interfax", "."],
    ["Er", "habe", "keinen", "Zweifel", ",", "dass", "es", "klappt", ",", "so", "Peskow", "(", "65", ")", "."],
    [",", "betonte", "er", "."],
]


@pytest.fixture()
def document():
    return detokenize("1", "Test", SENTENCES)


def test_detokenize_spacing_and_exact_token_spans(document):
    assert document.text == (
        "Putin sagte: „Das ist gefährlich.“ „Wir bleiben“, erklärte Peskow der Agentur Interfax. "
        "Er habe keinen Zweifel, dass es klappt, so Peskow (65)., betonte er."
    )
    for (start, end), token in zip(document.token_spans, document.token_texts):
        assert document.text[start:end] == token


def test_detokenize_lines_layout_puts_sentences_on_lines():
    document = detokenize("1", "Test", SENTENCES[:2], layout="lines")
    assert document.text == "Putin sagte: „Das ist gefährlich.“\n„Wir bleiben“, erklärte Peskow der Agentur Interfax."


def test_straight_quotes_open_then_close():
    document = detokenize("1", "T", [["Er", "sagte", '"', "Ja", '"', "und", "''", "nein", "''", "."]])
    assert document.text == 'Er sagte "Ja" und \'\'nein\'\'.'


def test_tokens_in_span_uses_any_character_overlap(document):
    start = document.text.index("Das ist")
    end = document.text.index("gefährlich") + 3  # ends inside a token
    texts = [document.token_texts[i] for i in sorted(document.tokens_in_span(start, end))]
    assert texts == ["Das", "ist", "gefährlich"]
    assert document.tokens_in_span(5, 5) == frozenset()
    whole = document.tokens_in_span(0, len(document.text))
    assert len(whole) == len(document.token_texts)


def test_dice_and_greedy_one_to_one_matching():
    assert dice(frozenset({1, 2}), frozenset({2, 3})) == 0.5
    gold = [frozenset({1, 2, 3, 4}), frozenset({10, 11})]
    predicted = [frozenset({1, 2, 3}), frozenset({1, 2, 3, 4}), frozenset({11, 12, 13, 14})]
    pairs = match_quotes(gold, predicted)
    assert pairs == [(0, 1, 1.0)]  # prediction 0 loses gold 0 to the exact match; 2 is below 0.5


def _quote_tokens(document, text):
    start = document.text.index(text)
    return document.tokens_in_span(start, start + len(text))


def test_perfect_prediction_scores_one(document):
    gold = [
        GoldQuote(_quote_tokens(document, "Das ist gefährlich."), _quote_tokens(document, "Putin"),
                  _quote_tokens(document, "sagte"), frozenset(), "Direct"),
        GoldQuote(_quote_tokens(document, "Wir bleiben"), _quote_tokens(document, "Peskow der"),
                  _quote_tokens(document, "erklärte"), _quote_tokens(document, "der Agentur Interfax"), "Direct"),
    ]
    predicted = [
        PredictedQuote(_quote_tokens(document, "„Das ist gefährlich.“"), "direct", 0.9,
                       _quote_tokens(document, "Putin"), _quote_tokens(document, "sagte")),
        PredictedQuote(_quote_tokens(document, "„Wir bleiben“"), "direct", 0.8, _quote_tokens(document, "Peskow"),
                       _quote_tokens(document, "erklärte"), _quote_tokens(document, "Agentur Interfax")),
    ]
    result = evaluate_document("1", gold, predicted, document.token_texts)
    report = aggregate([result], {"1": document.token_texts})
    assert report["quotes"]["f1"] == 1.0
    assert report["message_tokens"]["f1"] == 1.0  # quote marks are ignored on both sides
    assert report["speaker"]["accuracy"] == 1.0
    assert report["joint"]["f1"] == 1.0
    assert report["cue"]["accuracy"] == 1.0
    assert report["addressee"]["accuracy"] == 1.0
    assert report["type"]["accuracy"] == 1.0
    assert "quotes" in format_report(report)


def test_wrong_speaker_false_positive_and_false_negative(document):
    gold = [
        GoldQuote(_quote_tokens(document, "Das ist gefährlich."), _quote_tokens(document, "Putin"), form="Direct"),
        GoldQuote(_quote_tokens(document, "es klappt"), _quote_tokens(document, "so Peskow"), form="Indirect"),
    ]
    predicted = [
        PredictedQuote(_quote_tokens(document, "Das ist gefährlich"), "direct", 0.9, _quote_tokens(document, "Peskow der")),
        PredictedQuote(_quote_tokens(document, "Wir bleiben"), "direct", 0.1, None),
    ]
    report = aggregate([evaluate_document("1", gold, predicted, document.token_texts)])
    assert report["quotes"]["tp"] == 1
    assert report["quotes"]["precision"] == 0.5
    assert report["quotes"]["recall"] == 0.5
    assert report["speaker"]["accuracy"] == 0.0
    assert report["joint"]["tp"] == 0
    assert report["per_gold_type"]["indirect"]["recall"] == 0.0
    assert report["per_predicted_type"]["direct"]["precision"] == 0.5


def test_nested_gold_is_not_scored_but_reported(document):
    outer = GoldQuote(_quote_tokens(document, "Er habe keinen Zweifel, dass es klappt"), form="Indirect")
    inner = GoldQuote(_quote_tokens(document, "es klappt"), form="Indirect", nested=True)
    predicted = [
        PredictedQuote(outer.message, "indirect", 0.5),
        PredictedQuote(inner.message, "indirect", 0.5),
    ]
    report = aggregate([evaluate_document("1", [outer, inner], predicted, document.token_texts)])
    assert report["quotes"]["precision"] == 1.0 and report["quotes"]["recall"] == 1.0
    assert report["nested"] == {"gold": 1, "found": 1, "recall": 1.0}


def test_missing_speaker_is_right_only_when_gold_has_none(document):
    gold = [GoldQuote(_quote_tokens(document, "Das ist gefährlich."), frozenset(), form="Direct")]
    without = aggregate([evaluate_document("1", gold, [PredictedQuote(gold[0].message, "direct")], document.token_texts)])
    assert without["joint"]["tp"] == 1 and without["speaker"]["total"] == 0
    with_speaker = PredictedQuote(gold[0].message, "direct", speaker=_quote_tokens(document, "Putin"))
    report = aggregate([evaluate_document("1", gold, [with_speaker], document.token_texts)])
    assert report["joint"]["tp"] == 0


def test_type_mapping_and_mixed():
    marked = GoldQuote(frozenset({1}), form="Indirect", has_quote_marks=True)
    assert type_is_right(marked, "mixed") and type_is_right(marked, "indirect")
    assert not type_is_right(GoldQuote(frozenset({1}), form="Indirect"), "mixed")
    assert type_is_right(GoldQuote(frozenset({1}), form="IndirectFreeIndirect"), "indirect")
    assert type_is_right(GoldQuote(frozenset({1}), form="FreeIndirect"), "indirect")
    assert type_is_right(GoldQuote(frozenset({1}), form="Reported"), "reported")
    assert not type_is_right(GoldQuote(frozenset({1}), form="Direct"), "indirect")


def test_mark_mixed_gold_finds_inner_quote_marks():
    document = detokenize("1", "T", [["Die", "Beschlüsse", "seien", "der", "„", "erste", "Schritt", "“", "gewesen", "."]])
    gold = mark_mixed_gold([GoldQuote(frozenset(range(0, 9)), form="Indirect")], document)
    assert gold[0].has_quote_marks
    plain = mark_mixed_gold([GoldQuote(frozenset(range(4, 8)), form="Direct")], document)
    assert not plain[0].has_quote_marks  # marks at the edges delimit a direct quote


def test_confidence_check_compares_halves():
    assert confidence_check([(0.9, True), (0.8, True), (0.2, False), (0.1, True)])["ordered"]
    assert not confidence_check([(0.9, False), (0.8, True), (0.2, True), (0.1, True)])["ordered"]


def test_predictions_from_output_maps_spans_and_counts_offset_errors(document):
    start = document.text.index("Wir bleiben")
    speaker_start = document.text.index("Peskow")
    output = {"quotes": [{
        "id": "q1", "type": "direct", "text": "Wir bleiben", "start": start, "end": start + 11,
        "speaker": {"text": "Peskow", "start": speaker_start, "end": speaker_start + 6, "name": "Dmitri Peskow"},
        "cue": {"text": "wrong", "start": 0, "end": 5}, "addressee": None, "confidence": 0.7,
    }]}
    predicted, offset_errors = predictions_from_output(output, document)
    assert offset_errors == 1  # the cue's text does not match text[0:5]
    assert [document.token_texts[i] for i in sorted(predicted[0].message)] == ["Wir", "bleiben"]
    assert [document.token_texts[i] for i in predicted[0].speaker] == ["Peskow"]
    assert predicted[0].addressee is None


def test_holdout_split_is_fixed_and_about_a_fifth(tmp_path):
    ids = [str(i) for i in range(1000)]
    share = sum(in_holdout(i) for i in ids) / len(ids)
    assert 0.15 < share < 0.25
    assert in_holdout("10022") == in_holdout("10022")
    paths = [tmp_path / f"{i} - Titel (2005-01-01).json" for i in ids[:50]]
    dev, holdout = select_documents(paths, "dev"), select_documents(paths, "holdout")
    assert not set(dev) & set(holdout) and len(dev) + len(holdout) == 50
    assert len(select_documents(paths, "all")) == 50


def test_load_document_from_json(tmp_path):
    path = tmp_path / "42 - Test (2020-01-01).json"
    path.write_text(json.dumps({
        "DocumentName": "42 - Test",
        "Sentences": [{"SentenceId": 0, "Tokens": SENTENCES[0]}, {"SentenceId": 1, "Tokens": SENTENCES[1]}],
        "Annotations": [{"Cue": ["1:5"], "Source": ["1:6"], "Message": ["1:1", "1:2"], "Addr": ["1:7", "1:8", "1:9"],
                         "Form": "Direct", "IsNested": False, "HasNested": False}],
    }), encoding="utf-8")
    document, gold = load_spkatt_document(path)
    assert document.doc_id == "42"
    assert document.span_text(gold[0].message) == "Wir bleiben"
    assert document.span_text(gold[0].addressee) == "der Agentur Interfax"


def test_main_reports_missing_data_folder(tmp_path, capsys):
    assert main([str(tmp_path / "absent")]) == 2
    assert "not found" in capsys.readouterr().err


@pytest.mark.shared_data
def test_every_spkatt_document_rebuilds_exactly():
    data_dir = default_data_dir()
    if not data_dir.is_dir():
        pytest.skip(f"SpkAtt data not available at {data_dir} (set ZITAT_SHARED_DIR)")
    paths = sorted(data_dir.glob("*.json"))
    assert len(paths) == 700
    for path in paths:
        document, gold = load_spkatt_document(path)
        for (start, end), token in zip(document.token_spans, document.token_texts):
            assert document.text[start:end] == token
        assert all(quote.message for quote in gold)
    holdout = select_documents(paths, "holdout")
    assert 100 < len(holdout) < 200


def test_error_records_and_categories(document):
    gold = [
        GoldQuote(_quote_tokens(document, "Das ist gefährlich."), _quote_tokens(document, "Putin"), form="Direct"),
        GoldQuote(_quote_tokens(document, "es klappt"), _quote_tokens(document, "so Peskow"), form="Indirect"),
    ]
    predicted = [
        PredictedQuote(_quote_tokens(document, "Das ist gefährlich"), "indirect", 0.9, None),
        PredictedQuote(_quote_tokens(document, "Wir bleiben"), "direct", 0.1, None),
    ]
    result = evaluate_document("1", gold, predicted, document.token_texts)
    records = error_records_for(result, document)
    categories = sorted(error_category(record) for record in records)
    assert categories == [
        "false positive direct (no cue)",
        "missed Indirect (gold has no cue)",
        "speaker missing",
        "type Direct predicted as indirect",
    ]
    assert all(record["context"] for record in records)


def test_threshold_sweep_counts_only_confident_predictions():
    rows = threshold_sweep([(0.9, True, True), (0.55, True, False), (0.2, False, False)], gold=4)
    assert rows[0]["kept"] == 3 and rows[0]["quote_precision"] == round(2 / 3, 4)
    at_half = next(row for row in rows if row["threshold"] == 0.5)
    assert at_half["kept"] == 2 and at_half["quote_precision"] == 1.0 and at_half["quote_recall"] == 0.5
    assert next(row for row in rows if row["threshold"] == 0.6)["joint_f1"] == round(2 * 1.0 * 0.25 / 1.25, 4)


def test_ner_memo_returns_what_the_tagger_found_and_survives_a_restart(pipeline, tmp_path):
    from service.evaluation import MemoizedTagger
    from service.tokens import split_sentences

    text = "Kanzler Olaf Scholz sprach in Hamburg mit Vertretern der Gewerkschaft Verdi."
    sentences = split_sentences(text)
    memo_file = tmp_path / "ner.jsonl"
    direct = pipeline.tagger.tag(text, sentences)
    first = MemoizedTagger(pipeline.tagger, memo_file).tag(text, sentences)
    lines = memo_file.read_text(encoding="utf-8").splitlines()
    reloaded = MemoizedTagger(pipeline.tagger, memo_file)
    assert [(m.start, m.end, m.label, m.text) for m in first] == [(m.start, m.end, m.label, m.text) for m in direct]
    assert reloaded.tag(text, sentences) == first
    assert len(memo_file.read_text(encoding="utf-8").splitlines()) == len(lines) == 1
    assert reloaded.model_id == pipeline.tagger.model_id


def test_bootstrap_intervals_resample_documents():
    from collections import Counter

    from service.evaluation import bootstrap_intervals

    same = [Counter(matched=4, predicted=5, gold=5, joint_tp=3, speaker_right=3, speaker_total=4)] * 20
    intervals = bootstrap_intervals(same, samples=200)
    assert intervals["quote_f1"] == [0.8, 0.8]
    assert intervals["speaker_accuracy"] == [0.75, 0.75]
    mixed = [Counter(matched=5, predicted=5, gold=5, speaker_right=5, speaker_total=5, joint_tp=5)] * 10 + \
        [Counter(matched=1, predicted=5, gold=5, speaker_right=0, speaker_total=1)] * 10
    low, high = bootstrap_intervals(mixed, samples=300)["quote_f1"]
    assert low < 0.6 < high  # the pooled F1 is 0.6
    assert bootstrap_intervals(mixed, samples=300) == bootstrap_intervals(mixed, samples=300)  # fixed seed
    assert bootstrap_intervals([]) == {}
