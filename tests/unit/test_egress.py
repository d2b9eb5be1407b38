"""The egress guard's address rules, without network: which hosts and addresses are refused."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lti_tool.egress import EgressRefused, check_url, classify, explain, literal_address, refusal
from lti_tool.settings import load_settings

REFUSED_URLS = {
    "http://127.0.0.1/": "loopback",
    "http://127.8.9.10:8080/x": "loopback",
    "http://localhost/": "loopback",
    "http://LOCALHOST./": "loopback",
    "http://api.localhost/": "loopback",
    "http://2130706433/": "loopback",          # decimal 127.0.0.1
    "http://017700000001/": "loopback",        # octal
    "http://0x7f.1/": "loopback",              # hex, two parts
    "http://0x7f000001/": "loopback",
    "http://127.1/": "loopback",
    "http://[::1]/": "loopback",
    "http://[::ffff:127.0.0.1]/": "loopback",  # IPv4-mapped
    "http://[::ffff:7f00:1]/": "loopback",
    "http://[64:ff9b::7f00:1]/": "loopback",   # NAT64
    "http://169.254.169.254/latest/meta-data/": "link_local",
    "http://[::ffff:169.254.169.254]/": "link_local",
    "http://2852039166/": "link_local",        # decimal 169.254.169.254
    "http://[fe80::1]/": "link_local",
    "http://10.0.0.1/": "private",
    "http://10.255.255.255/": "private",
    "http://172.16.0.1/": "private",
    "http://172.31.255.254/": "private",
    "http://192.168.1.1/": "private",
    "http://[::ffff:192.168.0.1]/": "private",
    "http://[fd00::1]/": "private",
    "http://[2002:c0a8:101::]/": "private",    # 6to4 of 192.168.1.1
    "http://100.64.0.1/": "shared",
    "http://100.127.255.254/": "shared",
    "http://224.0.0.1/": "multicast",
    "http://[ff02::1]/": "multicast",
    "http://0.0.0.0/": "reserved",
    "http://0/": "reserved",
    "http://[::]/": "reserved",
    "http://255.255.255.255/": "reserved",
    "http://240.0.0.1/": "reserved",
    "http://192.0.2.1/": "reserved",           # documentation range
    "http://[::127.0.0.1]/": "reserved",       # IPv4-compatible (deprecated)
    "ftp://platform.example/": "scheme",
    "file:///etc/passwd": "scheme",
    "gopher://platform.example/": "scheme",
    "http:///nohost": "host",
}


@pytest.mark.parametrize(("url", "reason"), REFUSED_URLS.items())
def test_internal_hosts_and_other_schemes_are_refused(url: str, reason: str) -> None:
    with pytest.raises(EgressRefused) as refused:
        check_url(url, allow_private=False)
    assert refused.value.reason == reason


@pytest.mark.parametrize("url", ["https://lms.example.com/jwks", "http://8.8.8.8/", "https://[2001:4860:4860::8888]/",
                                 "http://[::ffff:8.8.8.8]/", "https://172.32.0.1/", "https://100.128.0.1/",
                                 "https://192.169.0.1/"])
def test_public_hosts_pass(url: str) -> None:
    assert check_url(url, allow_private=False).host


@pytest.mark.parametrize("url", ["http://127.0.0.1:5000/", "http://localhost/", "http://2130706433/",
                                 "http://[::ffff:127.0.0.1]/", "http://10.1.2.3/", "http://[fd12::1]/",
                                 "http://100.64.1.1/"])
def test_allow_private_hosts_lets_loopback_private_and_shared_through(url: str) -> None:
    assert check_url(url, allow_private=True).host


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/",
                                 "http://224.0.0.1/", "http://0.0.0.0/", "ftp://127.0.0.1/"])
def test_allow_private_hosts_still_refuses_metadata_multicast_and_reserved(url: str) -> None:
    with pytest.raises(EgressRefused):
        check_url(url, allow_private=True)


@pytest.mark.parametrize(("host", "address"), [
    ("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("017700000001", "127.0.0.1"), ("127.1", "127.0.0.1"),
    ("0x7f000001", "127.0.0.1"), ("10.1", "10.0.0.1"), ("::ffff:127.0.0.1", "::ffff:127.0.0.1"),
    ("[::1]", "::1"), ("8.8.8.8", "8.8.8.8"),
])
def test_literal_addresses_in_every_form(host: str, address: str) -> None:
    assert literal_address(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize("host", ["lms.example.com", "cafe.de", "0x7f.example", "1.2.3.4.5", "09", "deadbeef"])
def test_host_names_are_not_addresses(host: str) -> None:
    assert literal_address(host) is None


@given(st.ip_addresses(v=4))
def test_an_ipv4_mapped_address_is_judged_as_the_ipv4_address(ip: ipaddress.IPv4Address) -> None:
    mapped = ipaddress.IPv6Address(f"::ffff:{ip}")
    assert classify(mapped) == classify(ip)
    assert literal_address(str(int(ip))) == ip  # and the decimal spelling too


@given(st.ip_addresses(v=4, network="10.0.0.0/8") | st.ip_addresses(v=4, network="172.16.0.0/12")
       | st.ip_addresses(v=4, network="192.168.0.0/16") | st.ip_addresses(v=6, network="fc00::/7"))
def test_rfc1918_and_unique_local_addresses_are_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    assert classify(ip) == "private"
    assert refusal(ip, allow_private=False) == "private" and refusal(ip, allow_private=True) is None


@given(st.ip_addresses(v=4, network="169.254.0.0/16") | st.ip_addresses(v=6, network="fe80::/10"))
def test_link_local_is_refused_even_when_private_hosts_are_allowed(
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    assert refusal(ip, allow_private=True) == "link_local"


@given(st.ip_addresses())
@example(ipaddress.ip_address("::ffff:1.0.0.0")).via("IPv4-mapped public address")
@example(ipaddress.ip_address("64:ff9b::808:808")).via("NAT64 of a public address")
@example(ipaddress.ip_address("64:ff9b::a00:1")).via("NAT64 of a private address")
def test_only_global_addresses_are_allowed(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    reached = ip  # the IPv4 address a mapped or NAT64 address really reaches
    if isinstance(ip, ipaddress.IPv6Address) and (ip.ipv4_mapped or ip in ipaddress.ip_network("64:ff9b::/96")):
        reached = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if classify(ip) is None:
        assert reached.is_global and not reached.is_reserved and not reached.is_multicast
    if not reached.is_global:
        assert classify(ip) is not None


def test_refusals_name_host_and_reason_never_more() -> None:
    exc = EgressRefused("link_local", "169.254.169.254")
    assert str(exc) == "refused 169.254.169.254: the address is link-local (such as a cloud metadata service)"
    assert "169.254.169.254" in explain(exc) and "metadata" in explain(exc)


def test_allow_private_hosts_comes_from_the_environment(tmp_path: Path) -> None:
    instance = {"instance_path": str(tmp_path)}
    assert load_settings(instance, environ={}).allow_private_hosts is False
    on = load_settings(instance, environ={"AIDIP_ALLOW_PRIVATE_HOSTS": "1", "AIDIP_EGRESS_MAX_BYTES": "2048"})
    assert on.allow_private_hosts is True and on.egress_max_bytes == 2048
