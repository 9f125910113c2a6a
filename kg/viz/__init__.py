"""Pictures of the graph: the meeting network (HTML, PNG, SVG) and figure timelines, built from query results.

Only this package imports matplotlib and networkx (the ``viz`` extra), and only when drawing.
"""

from kg.viz.deps import VIZ_HINT, require
from kg.viz.network import MeetingNetwork, meeting_network, write_network
from kg.viz.timeline import Timeline, figure_timeline, write_timeline

__all__ = ["VIZ_HINT", "MeetingNetwork", "Timeline", "figure_timeline", "meeting_network", "require",
           "write_network", "write_timeline"]
