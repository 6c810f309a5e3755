"""The transition table (no database)."""

import pytest

from gongkai.inforequests.workflow import (
    CLOSED_STATES,
    RECEIPT_RULES,
    TRANSITIONS,
    Channel,
    Event,
    Status,
    allowed_events,
    next_state,
    receipt_rule,
)


def test_happy_path():
    state = Status.SUBMITTED
    for event in (Event.RECEIVE, Event.ASSIGN, Event.DECIDE, Event.REPLY, Event.ARCHIVE):
        state = next_state(state, event)
    assert state == Status.ARCHIVED


def test_correction_returns_to_where_the_request_was():
    assert next_state(Status.CORRECTION, Event.CORRECT) == Status.RECEIVED
    assert next_state(Status.CORRECTION, Event.CORRECT, assigned=True) == Status.IN_PROCESS
    assert next_state(Status.CORRECTION, Event.CORRECTION_LAPSE) == Status.TERMINATED


@pytest.mark.parametrize(
    ("event", "paused"),
    [
        (Event.CONSULT_THIRD_PARTY, Status.PAUSED_THIRD_PARTY),
        (Event.CONSULT_OTHER_ORGAN, Status.PAUSED_OTHER_ORGAN),
        (Event.FEE_NOTICE, Status.PAUSED_FEE),
    ],
)
def test_pauses_resume_into_process(event, paused):
    assert next_state(Status.IN_PROCESS, event) == paused
    resume = Event.FEE_PAID if paused == Status.PAUSED_FEE else Event.CONSULTATION_END
    assert next_state(paused, resume) == Status.IN_PROCESS
    # No fee notice while paused; further consultations of the same kind run in parallel
    # (条例第三十二条), never a consultation of the other kind.
    assert next_state(paused, Event.FEE_NOTICE) is None
    if paused == Status.PAUSED_THIRD_PARTY:
        assert next_state(paused, Event.CONSULT_THIRD_PARTY) == paused
        assert next_state(paused, Event.CONSULT_OTHER_ORGAN) is None
    else:
        assert next_state(paused, Event.CONSULT_THIRD_PARTY) is None
    assert next_state(paused, Event.DECIDE) is None


def test_extension_keeps_the_state():
    for state in (Status.RECEIVED, Status.IN_PROCESS, Status.PAUSED_FEE):
        assert next_state(state, Event.EXTEND) == state
    assert next_state(Status.DECIDED, Event.EXTEND) is None


def test_closed_states_accept_nothing_but_archiving():
    for state in CLOSED_STATES:
        assert set(allowed_events(state)) <= {Event.ARCHIVE}
    assert allowed_events(Status.ARCHIVED) == []


def test_correction_notice_only_while_handling():
    assert next_state(Status.SUBMITTED, Event.NOTIFY_CORRECTION) is None
    assert next_state(Status.CORRECTION, Event.NOTIFY_CORRECTION) is None
    assert next_state(Status.DECIDED, Event.NOTIFY_CORRECTION) is None


def test_every_target_is_a_status():
    assert all(isinstance(t, Status) for t in TRANSITIONS.values())


def test_receipt_rules_cover_every_channel():
    assert set(RECEIPT_RULES) == set(Channel)
    assert receipt_rule(Channel.IN_PERSON).fixed_at_submission
    assert receipt_rule("oral").fixed_at_submission
    # The online platform acknowledges automatically (条例第三十一条第三项, 双方确认).
    assert receipt_rule(Channel.ONLINE).fixed_at_submission
    for channel in (
        Channel.FAX,
        Channel.EMAIL,
        Channel.REGISTERED_POST,
        Channel.ORDINARY_LETTER,
    ):
        assert not receipt_rule(channel).fixed_at_submission
    assert "签收" in receipt_rule(Channel.REGISTERED_POST).basis
    assert "双方确认" in receipt_rule(Channel.ONLINE).basis
