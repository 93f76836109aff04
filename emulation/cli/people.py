"""Commands for the HR record: people and collectives, their import and export."""
import json

import click

from emulation.cli.base import group
from emulation.people.profiles import person_profile, to_json_ready


@group("people")
def people():
    """Hồ sơ thi đua của cá nhân, tập thể (the HR record of people and collectives)."""


@people.command("show")
@click.argument("code")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text")
def show(code, output):
    """In hồ sơ của một cá nhân (print a person's profile): identity, placements, leave, titles, every year."""
    profile = person_profile(code)
    if output == "json":
        click.echo(json.dumps(to_json_ready(profile), ensure_ascii=False, indent=2))
        return
    click.echo(format_profile(profile))


def format_profile(profile: dict) -> str:
    """Return a person's profile as terminal text."""
    who = profile["identity"]
    lines = [f"{who['full_name']} ({profile['code']})",
             f"  {who['position']} · {who['unit']['name']}" + (f" · {who['collective']['name']}"
                                                                 if who["collective"] else "")]
    if who["departure"]:
        lines.append(f"  Thôi công tác ({who['departure']}) từ {who['left_on'].isoformat()}")
    lines.append("Quá trình công tác:")
    lines += [f"  {p['starts_on'].isoformat()}  {p['unit']['code']}  "
              f"{p['collective']['code'] if p['collective'] else '-'}  {p['position']}" for p in profile["placements"]]
    lines.append("Thời gian nghỉ:")
    lines += [f"  {l['kind']}  {l['starts_on'].isoformat()} – {l['ends_on'].isoformat() if l['ends_on'] else '…'}"
              for l in profile.get("leave", [])]
    lines.append("Danh hiệu đã đạt:")
    for t in profile["titles"]:
        decision = t["decision"]
        shown = (f"  QĐ {decision['number']} ngày {decision['signed_on'].strftime('%d/%m/%Y')} ({decision['level']})"
                 if decision and decision["signed_on"] else "")
        lines.append(f"  {t['year']}  {t['title']}{shown}")
    for p in profile["progress"]:
        lines.append(f"  {p['held_title']}: {p['count']} trong {p['needed']} năm liên tục cần cho {p['title']}"
                     f" ({', '.join(map(str, p['years'])) or 'chưa có'})")
    for y in profile.get("years", []):
        facts = y["facts"] or {}
        lines.append(f"Năm {y['year']}: xếp loại {facts.get('task_rating') or '-'}, kỷ luật "
                     f"{facts.get('discipline') or 'không'}, sáng kiến {facts.get('initiatives', 0)}, đăng ký "
                     f"{', '.join(y['registered']) or 'không'}")
        lines += [f"  {d['title']}: {d['decision']}" for d in y["decisions"]]
    return "\n".join(lines)
