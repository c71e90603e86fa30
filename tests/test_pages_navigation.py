"""Login, logout and a navigation bar that offers only what the user may do."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.pages import PERSONAS, client_for

# persona -> (survey sessions, + model, + survey session, administration) in the menu
MENU = {
    "anonymous": (False, False, False, False),
    "camxuyen": (True, True, False, False),
    "thachha": (True, True, False, False),
    "provincial": (True, True, True, False),
    "admin_user": (True, True, True, True),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_menu_shows_what_the_user_may_do(request, persona, demo):
    nav = client_for(request, persona).get("/").content.decode().split("<nav")[1].split("</nav>")[0]
    shown = tuple(url in nav for url in (
        reverse("surveys:session_list"), reverse("models_registry:model_add"), reverse("surveys:session_add"),
        reverse("admin:index"),
    ))
    assert shown == MENU[persona]
    assert ("Đăng nhập" in nav) == (persona == "anonymous")
    assert reverse("dashboard:dashboard") in nav  # the statistics are for everyone (scoped)


def test_log_in_and_out(client, provincial):
    response = client.post(reverse("login"), {"username": provincial.username, "password": PASSWORD})
    assert response.status_code == 302
    assert "tinh-test" in client.get("/").content.decode()
    assert client.get(reverse("logout")).status_code == 405  # logging out takes a POST (a form button)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("home")
    assert client.get(reverse("surveys:session_list")).status_code == 302


def test_wrong_password_is_refused_in_vietnamese(client, provincial):
    response = client.post(reverse("login"), {"username": provincial.username, "password": "sai"})
    assert response.status_code == 200
    assert "Vui lòng nhập chính xác" in response.content.decode()
