"""Writes to the agency directory, and resolving names as documents print them to agencies."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Agency, AgencyAlias, Membership, User
from .parsed import ParsedResponsibility
from .responsibility import parse_responsibilities


@dataclass
class DirectoryLoadResult:
    created: int
    kept: int


@transaction.atomic
def directory_load(*, entries: list[dict]) -> DirectoryLoadResult:
    """Add the agencies of the seed format (``fixtures/agencies.json``) that are missing.

    The directory belongs to the office once loaded: an agency that exists (by full name,
    or by an alias the office gave it after renaming it) keeps every field, link and
    member the office set — running ``seed`` again never overwrites or removes them. Only
    missing agencies are created, with their links and members (set in a second pass
    because they may point forward), and aliases nobody holds yet are added.
    """
    existing = {agency.name: agency for agency in Agency.objects.all()}
    aliases = dict(AgencyAlias.objects.values_list("name", "agency_id"))
    by_id = {agency.pk: agency for agency in existing.values()}
    for name, agency_id in aliases.items():
        existing.setdefault(name, by_id[agency_id])
    created: list[tuple[dict, Agency]] = []
    for entry in entries:
        if entry["name"] in existing:
            continue
        agency = Agency(
            name=entry["name"],
            short_name=entry.get("short_name") or "",
            level=entry["level"],
            kind=entry["kind"],
            is_active=entry.get("active", True),
        )
        # Names are unique by construction (those taken were skipped above), and the one
        # constraint concerns the successor, set below: checking them here would cost two
        # queries an agency, ~500 for the seed directory.
        agency.full_clean(
            exclude=["parent", "successor"], validate_unique=False, validate_constraints=False
        )
        existing[agency.name] = agency
        created.append((entry, agency))
    Agency.objects.bulk_create([agency for _, agency in created])

    linked = []
    for entry, agency in created:
        agency.parent = existing[entry["parent"]] if entry.get("parent") else None
        agency.successor = existing[entry["successor"]] if entry.get("successor") else None
        if agency.parent or agency.successor:
            linked.append(agency)
    Agency.objects.bulk_update(linked, ["parent", "successor"], batch_size=500)
    GroupMember = Agency.members.through
    GroupMember.objects.bulk_create(
        GroupMember(from_agency_id=agency.pk, to_agency_id=existing[name].pk)
        for entry, agency in created
        for name in entry.get("members", ())
    )
    taken = set(aliases) | set(existing)
    new_aliases = []
    for entry in entries:
        for alias in entry.get("aliases", []):
            if alias not in taken:
                taken.add(alias)
                new_aliases.append(AgencyAlias(agency=existing[entry["name"]], name=alias))
    AgencyAlias.objects.bulk_create(new_aliases)
    return DirectoryLoadResult(created=len(created), kept=len(entries) - len(created))


def directory_load_file(path: Path) -> DirectoryLoadResult:
    return directory_load(entries=json.loads(Path(path).read_text(encoding="utf-8")))


# The seed directory: Jiangsu's bodies (province, cities, districts) and the national one
# (the State Council's ministries, commissions and affiliated bodies, with the 2018
# reform's successors), loaded together so links may cross files.
SEED_DIRECTORY_FILES = ("agencies.json", "agencies-national.json")


def directory_load_seed(fixtures: Path) -> DirectoryLoadResult:
    entries: list[dict] = []
    for name in SEED_DIRECTORY_FILES:
        entries += json.loads((Path(fixtures) / name).read_text(encoding="utf-8"))
    return directory_load(entries=entries)


# Levels from the top; a plan's bodies are looked for at its own level first, then above.
LEVEL_ORDER = ("national", "province", "city", "district", "town")


class AgencyDirectory:
    """An in-memory index of every name an agency goes by, loaded in two queries.

    A name that fits several agencies resolves only when the plan's level singles one
    out; otherwise it stays unresolved for the office, never merged with a guess.
    """

    def __init__(self) -> None:
        self._by_name: dict[str, list[Agency]] = defaultdict(list)
        agencies = {agency.pk: agency for agency in Agency.objects.all()}
        for agency in agencies.values():
            self._add(agency.name, agency)
            if agency.short_name:
                self._add(agency.short_name, agency)
        for alias_name, agency_id in AgencyAlias.objects.values_list("name", "agency_id"):
            self._add(alias_name, agencies[agency_id])

    def _add(self, name: str, agency: Agency) -> None:
        if agency not in self._by_name[name]:
            self._by_name[name].append(agency)

    def resolve(self, name: str, *, level: str | None = None) -> Agency | None:
        """The one agency ``name`` means in a plan of ``level``; None when unsure.

        A plan's bodies are its own level's, else a level above (南京海关 in a provincial
        plan); a national plan never reaches a province's body, whatever the name
        (发展改革委 is 国家发展和改革委员会 there, not 江苏省发展和改革委员会), and State
        Council documents drop the 国家 of a body's name (知识产权局, 统计局).
        """
        name = name.strip()
        candidates = self._by_name.get(name, [])
        if level not in LEVEL_ORDER:
            return candidates[0] if len(candidates) == 1 else None
        found = self._at_level(candidates, level)
        if found is None and level == "national":
            for prefix in ("国家", "中国", "中华人民共和国"):
                found = self._at_level(self._by_name.get(prefix + name, []), level)
                if found is not None:
                    break
        return found

    @staticmethod
    def _at_level(candidates: list[Agency], level: str) -> Agency | None:
        rank = LEVEL_ORDER.index(level)
        # Own level, the levels above, then (below national) those underneath.
        order = [*reversed(LEVEL_ORDER[: rank + 1])]
        if level != "national":
            order += LEVEL_ORDER[rank + 1 :]
        for at in order:
            matching = [agency for agency in candidates if agency.level == at]
            if len(matching) == 1:
                return matching[0]
            if matching:
                return None
        return None


@dataclass
class ResolvedResponsibility:
    parsed: ParsedResponsibility
    agency: Agency | None

    @property
    def needs_resolution(self) -> bool:
        return self.agency is None or self.parsed.needs_resolution


def resolve_responsibilities(
    text: str, *, level: str | None = None, directory: AgencyDirectory | None = None
) -> list[ResolvedResponsibility]:
    """Read a responsibility phrase and find each body it names in the directory."""
    directory = directory or AgencyDirectory()
    resolved = []
    for parsed in parse_responsibilities(text):
        agency = None if parsed.needs_resolution else directory.resolve(parsed.name, level=level)
        resolved.append(ResolvedResponsibility(parsed=parsed, agency=agency))
    return resolved


@transaction.atomic
def person_create(
    *, username: str, password: str, full_name: str, agency: Agency, role: str, **extra
) -> User:
    """Create (or refresh) a person with one role in one agency."""
    user, _ = User.objects.get_or_create(username=username, defaults={"full_name": full_name})
    user.full_name = full_name
    for field, value in extra.items():
        setattr(user, field, value)
    user.set_password(password)
    user.save()
    Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return user


# --- the office's directory edits (责任分工 page, API) ---------------------------------------


class DirectoryError(ValidationError):
    """A directory edit refused by a rule; ``code`` names it for API clients."""

    def __init__(self, message: str, code: str):
        super().__init__(message, code=code)
        self.code = code


def _require_office(by: User) -> None:
    from .access import is_office

    if not is_office(by):
        raise DirectoryError("只有联席会议办公室可以维护单位名录。", "forbidden")


AGENCY_FIELDS = ("name", "short_name", "level", "kind", "parent", "is_active")


@transaction.atomic
def agency_save(*, by: User, agency: Agency | None = None, **data) -> Agency:
    """Create an agency, or change the fields given. Names stay unique (the database says so
    too); ``full_clean`` turns a clash into a Chinese message, not an error page."""
    _require_office(by)
    agency = agency or Agency()
    for name, value in data.items():
        if name not in AGENCY_FIELDS:
            raise DirectoryError(f"不能修改单位的“{name}”。", "invalid")
        setattr(agency, name, value.strip() if isinstance(value, str) else value)
    if agency.parent_id and agency.parent_id == agency.pk:
        raise DirectoryError("单位不能隶属于自己。", "invalid")
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def group_members_set(*, group: Agency, members: list[Agency], by: User) -> Agency:
    """Set a group's members (各镇（街道）→ each town): a measure assigned to the group then
    expects a report from each member."""
    _require_office(by)
    if not group.is_group:
        raise DirectoryError(
            f"{group}不是单位集合或领导小组，不能设置成员单位（请先把类别改为“单位集合”）。",
            "not_a_group",
        )
    if any(member.pk == group.pk for member in members):
        raise DirectoryError("单位集合不能包含自己。", "invalid")
    nested = [member for member in members if member.is_group]
    if nested:
        raise DirectoryError(
            f"成员不能是另一个集合：{'、'.join(str(m) for m in nested)}。", "invalid"
        )
    group.members.set(members)
    return group


@dataclass
class Invitation:
    user: User
    uidb64: str
    token: str  # Django's password-reset token: valid once, until the password is set

    @property
    def path(self) -> str:
        from django.urls import reverse

        return reverse("password_set", args=[self.uidb64, self.token])


@transaction.atomic
def reporter_invite(
    *,
    agency: Agency,
    username: str,
    full_name: str,
    by: User,
    email: str = "",
    role: str = Membership.Role.REPORTER,
) -> Invitation:
    """Create a person's account with a role in ``agency`` and a one-time set-password link.

    The account has no password until the person sets one through the link (the office never
    learns it); the link stops working once used or after ``PASSWORD_RESET_TIMEOUT``.
    """
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    _require_office(by)
    username = username.strip()
    if role not in (Membership.Role.REPORTER, Membership.Role.APPROVER, Membership.Role.VIEWER):
        raise DirectoryError("邀请只能设为填报人、审核人或查看者。", "invalid")
    if not username:
        raise DirectoryError("请填写登录用户名。", "invalid")
    if User.objects.filter(username=username).exists():
        raise DirectoryError(f"用户名“{username}”已被使用，请换一个。", "username_taken")
    user = User(username=username, full_name=full_name.strip(), email=email.strip())
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    Membership.objects.create(user=user, agency=agency, role=role)
    return Invitation(
        user=user,
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )
