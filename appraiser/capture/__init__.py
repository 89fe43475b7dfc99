"""Capture: camera sources, the frame watchdog, the still quality gate, the crash-safe
inspection-video recorder and still import. Qt-free; ``ui.camera_thread`` drives it."""
