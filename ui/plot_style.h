#pragma once

// How the window's QCustomPlots look (the charts dock and the overview page): bars in a theme
// tone that a theme switch recolours, a bold title row and a legend row under it, and
// background, axes, grid and legend in the application palette. qcustomplot.h stays out of
// this header.

#include "theme.h"

class QCPBars;
class QCPAxis;
class QCustomPlot;
class QString;

namespace wci::plot {

QCPBars *bars(QCustomPlot *p, const QString &name, theme::Tone tone, bool horizontal = false);
// A title row and, under it, a legend row (hidden until shown).
void addTitle(QCustomPlot *p, const QString &title);
void setTitle(QCustomPlot *p, const QString &title);
void applyPalette(QCustomPlot *p);

} // namespace wci::plot
