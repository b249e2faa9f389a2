"""PNG bar chart of the median phase times, drawn by gnuplot."""

import os
import subprocess

from phases import PHASES

SCRIPT = """\
set terminal pngcairo size 1000,560 noenhanced
set output '{png}'
set title 'QEMU virt TCG boot: median seconds from QEMU start (missing bar = n/a or fail)'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set datafile missing '-'
set key top left
set ylabel 'seconds'
set yrange [0:*]
set grid ytics
plot for [col=2:{last}] '{data}' using col:xtic(1) title columnheader
"""


def write_data(stats, path):
    paths = list(stats)
    with open(path, "w") as out:
        out.write("phase " + " ".join(paths) + "\n")
        for phase in PHASES:
            cells = []
            for name in paths:
                cell = stats[name][phase]
                cells.append("%.4f" % cell["median"] if cell else "-")
            out.write(phase + " " + " ".join(cells) + "\n")


def plot(stats, out_dir):
    """Writes medians.dat and boot-times.png; returns the PNG path or None."""
    data = os.path.join(out_dir, "medians.dat")
    png = os.path.join(out_dir, "boot-times.png")
    write_data(stats, data)
    script = SCRIPT.format(png=png, data=data, last=len(stats) + 1)
    try:
        subprocess.run(["gnuplot"], input=script.encode(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except (OSError, subprocess.CalledProcessError) as error:
        print("bench: plot failed: %s" % error)
        return None
    return png
