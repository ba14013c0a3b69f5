package io.seqgate.devstack.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * One PNG with every output of a run as a thumbnail, like the blog's Figures 6 and 9: each cell
 * framed in the colour of what its pixels show (green newest, red stale, grey missing, orange
 * unrecognised) and labelled with its key number. A header shows the title, the counts and the two
 * reference outputs (what the transform makes of the dog and of the cat).
 */
final class ContactSheet {

    private static final int MAX_COLUMNS = 10;
    private static final int BORDER = 6;
    private static final int LABEL_HEIGHT = 20;
    private static final int GAP = 8;
    private static final int HEADER_HEIGHT = 110;
    private static final int REFERENCE_WIDTH = 96;
    private static final int REFERENCE_HEIGHT = 72;
    private static final Color BACKGROUND = new Color(34, 34, 38);
    private static final Color TEXT = new Color(235, 235, 235);
    private static final Map<DemoImages.Look, Color> FRAME = Map.of(
            DemoImages.Look.NEWEST, new Color(40, 190, 70),
            DemoImages.Look.STALE, new Color(225, 40, 40),
            DemoImages.Look.MISSING, new Color(140, 140, 140),
            DemoImages.Look.UNRECOGNISED, new Color(255, 160, 0));

    private ContactSheet() {}

    /** Draws the sheet of {@code result} and writes it to {@code file} as PNG; returns the file. */
    static Path write(DemoRun.Result result, DemoImages images, Path file) throws IOException {
        BufferedImage sheet = draw(result, images);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(sheet, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
        return file;
    }

    static BufferedImage draw(DemoRun.Result result, DemoImages images) {
        int count = result.outputs().size();
        int columns = Math.max(1, Math.min(MAX_COLUMNS, (int) Math.ceil(Math.sqrt(count))));
        int rows = Math.max(1, (count + columns - 1) / columns);
        int cellWidth = DemoRun.THUMBNAIL_WIDTH + 2 * BORDER;
        int cellHeight = DemoRun.THUMBNAIL_HEIGHT + 2 * BORDER + LABEL_HEIGHT;
        int width = Math.max(GAP + columns * (cellWidth + GAP), 760);
        int height = HEADER_HEIGHT + GAP + rows * (cellHeight + GAP);

        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            header(g, result, images, width);
            for (int i = 0; i < count; i++) {
                int x = GAP + (i % columns) * (cellWidth + GAP);
                int y = HEADER_HEIGHT + GAP + (i / columns) * (cellHeight + GAP);
                cell(g, result.outputs().get(i), x, y, cellWidth, cellHeight);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    private static void header(Graphics2D g, DemoRun.Result result, DemoImages images, int width) {
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        g.drawString("seqgate demo, " + result.name() + ": " + result.keys() + " keys, cat uploaded then dog", GAP, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        int x = GAP;
        for (DemoImages.Look look : DemoImages.Look.values()) {
            String text = look.label + ": " + result.count(look);
            g.setColor(FRAME.get(look));
            g.fillRect(x, 48, 14, 14);
            g.setColor(TEXT);
            g.drawString(text, x + 20, 61);
            x += 20 + g.getFontMetrics().stringWidth(text) + 24;
        }
        g.drawString(
                String.format(
                        Locale.ROOT,
                        "outputs are the uploads through the %s transform; wall time %s",
                        images.transform(),
                        DemoRun.seconds(result.wallTime())),
                GAP,
                90);

        int referenceX = width - 2 * (REFERENCE_WIDTH + GAP);
        reference(g, images.dogOutput(), "newest", FRAME.get(DemoImages.Look.NEWEST), referenceX, 8);
        reference(
                g,
                images.catOutput(),
                "stale",
                FRAME.get(DemoImages.Look.STALE),
                referenceX + REFERENCE_WIDTH + GAP,
                8);
    }

    private static void reference(Graphics2D g, BufferedImage picture, String label, Color frame, int x, int y) {
        g.drawImage(DemoImages.scaled(picture, REFERENCE_WIDTH, REFERENCE_HEIGHT), x, y, null);
        g.setColor(frame);
        g.setStroke(new BasicStroke(2));
        g.drawRect(x - 1, y - 1, REFERENCE_WIDTH + 1, REFERENCE_HEIGHT + 1);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(TEXT);
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(label, x + (REFERENCE_WIDTH - metrics.stringWidth(label)) / 2, y + REFERENCE_HEIGHT + 16);
    }

    private static void cell(Graphics2D g, DemoRun.Output output, int x, int y, int cellWidth, int cellHeight) {
        g.setColor(FRAME.get(output.look()));
        g.fillRect(x, y, cellWidth, cellHeight);
        int innerX = x + BORDER;
        int innerY = y + BORDER;
        if (output.thumbnail() != null) {
            g.drawImage(output.thumbnail(), innerX, innerY, null);
        } else {
            g.setColor(BACKGROUND);
            g.fillRect(innerX, innerY, DemoRun.THUMBNAIL_WIDTH, DemoRun.THUMBNAIL_HEIGHT);
            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 16));
            String text = output.look() == DemoImages.Look.MISSING ? "no output" : "not a picture";
            FontMetrics metrics = g.getFontMetrics();
            g.drawString(
                    text,
                    innerX + (DemoRun.THUMBNAIL_WIDTH - metrics.stringWidth(text)) / 2,
                    innerY + DemoRun.THUMBNAIL_HEIGHT / 2);
        }
        // label on the frame colour: black reads on green, orange and grey; white on red
        g.setColor(output.look() == DemoImages.Look.STALE ? Color.WHITE : Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(
                "#" + output.number() + "  " + output.look().name().toLowerCase(Locale.ROOT),
                innerX,
                y + cellHeight - BORDER - 3);
    }
}
