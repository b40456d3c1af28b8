"""A scenario driven by the client generated from Relais' OpenAPI document.

Run by generated_client.rs with the package on PYTHONPATH and the tokens in the environment.
"""

import json
import os
import sys

from relais_api_client import AuthenticatedClient
from relais_api_client.api.homecare import (
    get_homecare_rounds_day,
    get_homecare_teams_id_exceptions,
    post_homecare_visits_id_check_in,
    post_homecare_visits_id_check_out,
)
from relais_api_client.api.messaging import (
    get_messages_id_thread,
    post_conversations_id_messages,
)
from relais_api_client.models.new_message_in import NewMessageIn
from relais_api_client.models.punch_in import PunchIn

URL = os.environ["RELAIS_URL"].rstrip("/")


def client(token):
    return AuthenticatedClient(base_url=URL, token=token, raise_on_unexpected_status=False)


def body(response):
    return json.loads(response.content) if response.content else None


def expect(response, status, what):
    if response.status_code != status:
        sys.exit(f"{what}: {response.status_code} {response.content[:500]!r}")
    return body(response)


bot = client(os.environ["BOT_TOKEN"])
admin = client(os.environ["ADMIN_TOKEN"])
nurse = client(os.environ["NURSE_TOKEN"])
coordinator = client(os.environ["COORDINATOR_TOKEN"])
channel, visit = os.environ["CHANNEL"], os.environ["VISIT"]

# A bot posts in the channel; someone answers in the thread; the bot reads the answer.
posted = expect(
    post_conversations_id_messages.sync_detailed(
        id=channel, client=bot, body=NewMessageIn(text="Sauvegarde de la nuit : échec")
    ),
    201,
    "the bot posts",
)
expect(
    post_conversations_id_messages.sync_detailed(
        id=channel,
        client=admin,
        body=NewMessageIn(text="Je relance la sauvegarde", thread_root_id=posted["id"]),
    ),
    201,
    "a person answers",
)
thread = expect(get_messages_id_thread.sync_detailed(id=posted["id"], client=bot), 200, "the thread")
assert [r["text"] for r in thread["replies"]] == ["Je relance la sauvegarde"], thread

# A phone program: the round, then check-in and check-out with idempotency keys.
round_ = expect(get_homecare_rounds_day.sync_detailed(day=os.environ["DAY"], client=nurse), 200, "the round")
assert any(stop["visit"]["id"] == visit for stop in round_), round_
presence = PunchIn(method="manual", reason="Carte oubliée au cabinet")
for attempt in range(2):  # the second is a replay (the phone did not hear the first answer)
    expect(
        post_homecare_visits_id_check_in.sync_detailed(
            id=visit, client=nurse, body=presence, idempotency_key="scenario-check-in-1"
        ),
        204,
        f"check-in, attempt {attempt + 1}",
    )
expect(
    post_homecare_visits_id_check_out.sync_detailed(
        id=visit, client=nurse, body=presence, idempotency_key="scenario-check-out-1"
    ),
    204,
    "check-out",
)
reused = post_homecare_visits_id_check_out.sync_detailed(
    id=visit,
    client=nurse,
    body=PunchIn(method="manual", reason="autre"),
    idempotency_key="scenario-check-out-1",
)
assert reused.status_code == 409, reused.status_code

# The coordinator's program reads the week's exceptions.
day = os.environ["DAY"]
exceptions = expect(
    get_homecare_teams_id_exceptions.sync_detailed(
        id=os.environ["TEAM"], client=coordinator, from_=day, to=day
    ),
    200,
    "the exceptions",
)
assert isinstance(exceptions, list), exceptions
print("scenario done:", len(exceptions), "exception(s)")
