#!/usr/bin/python3
# A desktop notification server for lab/e2e.d/desktop.sh: owns org.freedesktop.Notifications on the session bus it
# is started on (the user's own, /run/user/UID/bus) and writes each Notify call as one JSON line to OUT, so the test
# can check what curfew-notify sent. OUT.ready appears once the name is owned.
import json
import sys
import time

import dbus
import dbus.mainloop.glib
import dbus.service
from gi.repository import GLib

IFACE = "org.freedesktop.Notifications"


class Server(dbus.service.Object):
    def __init__(self, bus, out):
        super().__init__(bus, "/org/freedesktop/Notifications")
        self.out = out
        self.count = 0

    @dbus.service.method(IFACE, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout):
        self.count += 1
        call = {
            "at_ms": int(time.time() * 1000),
            "app_name": str(app_name),
            "replaces_id": int(replaces_id),
            "summary": str(summary),
            "body": str(body),
            "actions": [str(a) for a in actions],
            "urgency": int(hints["urgency"]) if "urgency" in hints else None,
            "hints": sorted(str(k) for k in hints.keys()),
            "expire_timeout": int(expire_timeout),
        }
        with open(self.out, "a") as f:
            f.write(json.dumps(call) + "\n")
        return dbus.UInt32(self.count)

    @dbus.service.method(IFACE, out_signature="as")
    def GetCapabilities(self):
        return ["body", "body-markup"]

    @dbus.service.method(IFACE, out_signature="ssss")
    def GetServerInformation(self):
        return ("curfew-lab", "curfew", "1", "1.2")


def main():
    out = sys.argv[1]
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    name = dbus.service.BusName(IFACE, bus, do_not_queue=True)
    server = Server(bus, out)
    open(out + ".ready", "w").close()
    GLib.MainLoop().run()
    del name, server


main()
