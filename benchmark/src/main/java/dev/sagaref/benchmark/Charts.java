package dev.sagaref.benchmark;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/** Line charts as PNG files, drawn with Java2D so the reports need no plotting library. */
public final class Charts {

    private static final Color[] COLORS = {
        new Color(0x1f77b4),
        new Color(0xff7f0e),
        new Color(0x2ca02c),
        new Color(0xd62728),
        new Color(0x9467bd),
        new Color(0x8c564b)
    };
    private static final int WIDTH = 960;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    /** A moment marked on the x axis with a vertical line and a short label, e.g. when a fault was injected. */
    public record Marker(double x, String label) {}

    /** How values are spread over the y axis. */
    public enum YScale {
        LINEAR,
        /** Equal space per decade, so milliseconds and seconds are both readable in one chart. */
        LOGARITHMIC
    }

    /** Where a value goes, as a fraction of the plot's height from its bottom, and where grid lines go. */
    private record YAxis(DoubleUnaryOperator position, double[] gridLines) {}

    private Charts() {}

    /** One line per series; each point is {x, y}. */
    static void lineChart(
            Path file, String title, String xLabel, String yLabel, YScale yScale, Map<String, List<double[]>> series)
            throws IOException {
        lineChart(file, title, xLabel, yLabel, yScale, series, List.of());
    }

    /** One line per series, each point {x, y}, and a dashed vertical line per marker. */
    public static void lineChart(
            Path file,
            String title,
            String xLabel,
            String yLabel,
            YScale yScale,
            Map<String, List<double[]>> series,
            List<Marker> markers)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        double maxX = 1;
        double maxY = 1;
        double minPositiveY = Double.POSITIVE_INFINITY;
        for (Marker marker : markers) {
            maxX = Math.max(maxX, marker.x());
        }
        for (List<double[]> points : series.values()) {
            for (double[] point : points) {
                maxX = Math.max(maxX, point[0]);
                maxY = Math.max(maxY, point[1]);
                if (point[1] > 0) {
                    minPositiveY = Math.min(minPositiveY, point[1]);
                }
            }
        }
        YAxis yAxis = yScale == YScale.LINEAR
                ? linear(maxY)
                : logarithmic(Double.isInfinite(minPositiveY) ? 1 : minPositiveY, maxY);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0xdddddd));
        for (double gridLine : yAxis.gridLines()) {
            int y = TOP + plotHeight - (int) (yAxis.position().applyAsDouble(gridLine) * plotHeight);
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(format(gridLine), 8, y + 4);
            g.setColor(new Color(0xdddddd));
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        for (int i = 0; i <= 5; i++) {
            int x = LEFT + i * plotWidth / 5;
            g.drawString(format(maxX * i / 5), x - 8, TOP + plotHeight + 18);
        }
        g.drawString(xLabel, LEFT + plotWidth / 2 - 40, HEIGHT - 10);
        g.drawString(yLabel, 8, TOP - 12);
        drawMarkers(g, markers, maxX, plotWidth, plotHeight);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int index = 0;
        for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
            Color color = COLORS[index % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(1.8f));
            int[] previous = null;
            for (double[] point : entry.getValue()) {
                int x = LEFT + (int) (point[0] / maxX * plotWidth);
                int y = TOP + plotHeight - (int) (yAxis.position().applyAsDouble(point[1]) * plotHeight);
                if (previous != null) {
                    g.drawLine(previous[0], previous[1], x, y);
                }
                previous = new int[] {x, y};
            }
            int legendY = TOP + 16 + index * 18;
            g.fillRect(WIDTH - RIGHT + 12, legendY - 9, 12, 10);
            g.setColor(Color.DARK_GRAY);
            g.drawString(entry.getKey(), WIDTH - RIGHT + 30, legendY);
            index++;
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /** Labels step down the plot one line at a time, so markers close together stay readable. */
    private static void drawMarkers(Graphics2D g, List<Marker> markers, double maxX, int plotWidth, int plotHeight) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        Stroke solid = g.getStroke();
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        int line = 0;
        for (Marker marker : markers) {
            int x = LEFT + (int) (marker.x() / maxX * plotWidth);
            g.setColor(new Color(0x999999));
            g.drawLine(x, TOP, x, TOP + plotHeight);
            g.setColor(new Color(0x555555));
            int width = g.getFontMetrics().stringWidth(marker.label());
            // Near the right edge a label goes to the left of its line, so it is not cut off.
            int labelX = x + 3 + width > WIDTH ? x - 3 - width : x + 3;
            g.drawString(marker.label(), labelX, TOP + 12 + (line++ % 8) * 12);
        }
        g.setStroke(solid);
    }

    private static YAxis linear(double maxY) {
        double top = niceCeiling(maxY);
        return new YAxis(
                y -> Math.min(y, top) / top,
                IntStream.rangeClosed(0, 5).mapToDouble(i -> top * i / 5).toArray());
    }

    /**
     * Whole decades around the data, values outside (and zero) drawn at the edge. Grid lines at 1, 2 and 5 of each
     * decade, or only at each decade when there are many.
     */
    private static YAxis logarithmic(double minY, double maxY) {
        int lowestDecade = (int) Math.floor(Math.log10(minY));
        int decades = Math.max(1, (int) Math.ceil(Math.log10(maxY)) - lowestDecade);
        double bottom = Math.pow(10, lowestDecade);
        double top = Math.pow(10, lowestDecade + decades);
        double[] multiples = decades <= 3 ? new double[] {1, 2, 5} : new double[] {1};
        DoubleStream.Builder gridLines = DoubleStream.builder();
        for (int decade = lowestDecade; decade < lowestDecade + decades; decade++) {
            for (double multiple : multiples) {
                gridLines.add(multiple * Math.pow(10, decade));
            }
        }
        gridLines.add(top);
        return new YAxis(
                y -> Math.log10(Math.min(Math.max(y, bottom), top) / bottom) / decades,
                gridLines.build().toArray());
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double value) {
        return value >= 100 || value == Math.rint(value) ? String.format("%.0f", value) : String.format("%.1f", value);
    }
}
