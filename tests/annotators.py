"""Annotator accounts on a real Label Studio, the way a team lead adds them (invite link)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx

from annot.labelstudio.settings import ConnectionSettings, open_client


@dataclass(frozen=True)
class Annotator:
    email: str
    password: str
    user_id: int
    token: str


def invite_token(settings: ConnectionSettings) -> str:
    """The organisation's invite token (Organization > Add People in Label Studio)."""
    with open_client(settings) as client:
        token: str | None = client.organizations.invites.get_invite_link().token
    assert token is not None
    return token


def sign_up(settings: ConnectionSettings, invite: str, name: str) -> Annotator:
    """Sign a new annotator up through the invite link, as a person does in the browser."""
    email = f"{name}-{uuid.uuid4().hex[:6]}@example.org"
    password = f"Rahasia-{uuid.uuid4().hex}"
    url = settings.url
    with httpx.Client(base_url=url, follow_redirects=True, trust_env=False, timeout=60) as http:
        page = f"/user/signup/?token={invite}"
        http.get(page)
        form = {
            "email": email,
            "password": password,
            "csrfmiddlewaretoken": http.cookies.get("csrftoken", ""),
        }
        http.post(page, data=form, headers={"Referer": f"{url}{page}"})
        me = http.get("/api/current-user/whoami")
        me.raise_for_status()
        token = http.get("/api/current-user/token").json()["token"]
    user_id = me.json()["id"]
    assert isinstance(user_id, int)
    assert isinstance(token, str)
    return Annotator(email, password, user_id, token)


def next_task(settings: ConnectionSettings, annotator: Annotator, project_id: int) -> object:
    """What the label stream ("Label All Tasks") gives ``annotator`` next; None: queue empty."""
    headers = {"Authorization": f"Token {annotator.token}"}
    with httpx.Client(base_url=settings.url, headers=headers, trust_env=False, timeout=60) as http:
        response = http.get(f"/api/projects/{project_id}/next")
    if response.status_code == 404:
        return None
    response.raise_for_status()
    return response.json()
