"""The bot's workflows (upload, ask, review), called by the thin listeners and the reminder thread.

Each flow parses nothing and decides nothing: it calls `core.service`, renders with
`bot.messages`, and talks to Slack through the runtime's client.
"""
