"""A file shared in Slack -> checks -> `service.upload` -> the validation report in its thread.

Slack announces one upload twice (a `message` with subtype file_share and a `file_shared`
event); bot/deliveries.py lets only the first announcement of each file through to here.
"""
from __future__ import annotations

import tempfile
from pathlib import Path, PurePosixPath

from bot.files import FileRefused, SlackFile, check_size, data_kind, download
from bot.flows.runtime import BotRuntime, telling_user
from bot.messages.report import (
    rejected_rows_comment,
    rejected_rows_csv,
    upload_failed,
    upload_refused,
    upload_report,
)


class FileJob:
    """One shared file, from its id to the report; knows where to answer at every step."""

    def __init__(self, rt: BotRuntime, file_id: str, *, user_id: str, channel: str, thread_root: str | None) -> None:
        self.rt = rt
        self.file_id = file_id
        self.channel = channel
        self.thread = thread_root
        self.name = file_id
        self.actor = rt.actor(user_id, channel=channel, message_ts=thread_root)

    def tell_failure(self, text: str) -> None:
        self.rt.post(self.channel, upload_failed(self.name, text), thread_ts=self.thread)

    def run(self) -> None:
        with telling_user(self.rt, self.actor, "upload", self.tell_failure):
            info = SlackFile.from_info(self.rt.client.files_info(file=self.file_id)["file"])
            self.name = info.name
            self.thread = self.thread or info.thread_in(self.channel)
            try:
                kind = data_kind(info)
            except FileRefused as refused:
                self.rt.post(self.channel, upload_refused(info.name, str(refused)), thread_ts=self.thread)
                return
            self.ingest(info, kind)

    def ingest(self, info: SlackFile, kind: str) -> None:
        settings = self.rt.settings
        # Refused before the download: a viewer's 200 MB file is not fetched only to be turned away.
        self.rt.authorize(self.actor, "upload", target=info.name)
        check_size(info, settings.max_upload_bytes)
        with tempfile.TemporaryDirectory(prefix="moat-slack-") as directory:
            path = download(info, kind, token=settings.slack_bot_token or "", max_bytes=settings.max_upload_bytes,
                            directory=Path(directory))
            report = self.rt.service.upload(path, info.name, self.actor)
        self.rt.post(self.channel, upload_report(info.name, report), thread_ts=self.thread)
        rejected = rejected_rows_csv(report)
        if rejected is not None:
            self.rt.client.files_upload_v2(
                content=rejected, filename=f"{PurePosixPath(info.name).stem}-rejected-rows.csv",
                title=f"Rejected rows of {info.name}", channel=self.channel, thread_ts=self.thread,
                initial_comment=rejected_rows_comment(info.name, report))


def share_files(rt: BotRuntime, file_ids: tuple[str, ...], *, user_id: str, channel: str, thread_root: str | None) -> None:
    for file_id in file_ids:
        FileJob(rt, file_id, user_id=user_id, channel=channel, thread_root=thread_root).run()
