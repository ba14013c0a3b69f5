package io.seqgate.devstack.demo;

import io.seqgate.devstack.pictures.Pictures;
import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransientTransformException;
import io.seqgate.transform.UnsupportedObjectException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * The demo's two uploads, drawn with Java2D (no third-party pictures): a cat on yellow, then a dog on
 * blue, 640×480 JPEG. Drawn once; every key gets the same bytes. Also tells, from the pixels alone,
 * which of the two an output was made from, by comparing it with what the chosen transform makes of
 * each: the outputs' metadata is written by the code under test, so it is not evidence.
 */
final class DemoImages {

    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    static final String CONTENT_TYPE = "image/jpeg";

    /** Images are compared at this size, which irons out JPEG noise but keeps the layout. */
    private static final int PRINT_WIDTH = 32;

    private static final int PRINT_HEIGHT = 24;
    /**
     * Mean absolute difference per colour sample (0–255) under which an output counts as a copy of a
     * reference. Re-encoding noise is a few units; the inverted cat and dog are about 120 apart, their
     * thumbnails or copies as much.
     */
    private static final double SAME_PICTURE = 30;

    /** What an output shows. */
    enum Look {
        NEWEST("newest (dog)"),
        STALE("stale (cat)"),
        MISSING("missing"),
        UNRECOGNISED("unrecognised");

        final String label;

        Look(String label) {
            this.label = label;
        }
    }

    private final byte[] cat;
    private final byte[] dog;
    private final String transform;
    private final BufferedImage catOutput;
    private final BufferedImage dogOutput;
    private final float[] catOutputPrint;
    private final float[] dogOutputPrint;

    private DemoImages(byte[] cat, byte[] dog, String transform, BufferedImage catOutput, BufferedImage dogOutput) {
        this.cat = cat;
        this.dog = dog;
        this.transform = transform;
        this.catOutput = catOutput;
        this.dogOutput = dogOutput;
        this.catOutputPrint = print(catOutput);
        this.dogOutputPrint = print(dogOutput);
    }

    /**
     * Draws both pictures and works out, with the transform the processor runs, what their outputs look
     * like.
     *
     * @param name the transform's name, for the texts
     * @throws IllegalStateException when the transform refuses the pictures or makes no picture of them
     */
    static DemoImages generate(Transform transform, String name) {
        byte[] cat = Pictures.encode(drawCat(), "jpg");
        byte[] dog = Pictures.encode(drawDog(), "jpg");
        return new DemoImages(cat, dog, name, output(transform, name, cat), output(transform, name, dog));
    }

    private static BufferedImage output(Transform transform, String name, byte[] picture) {
        try {
            BufferedImage output = decodeOrNull(transform
                    .apply(new TransformInput("demo", "picture.jpg", null, null, CONTENT_TYPE, null, picture))
                    .bytes());
            if (output == null) {
                throw new IllegalStateException("the " + name + " transform makes no picture of the demo's pictures,"
                        + " so the demo cannot tell its outputs apart by their pixels");
            }
            return output;
        } catch (UnsupportedObjectException | TransientTransformException e) {
            throw new IllegalStateException(
                    "the " + name + " transform refused the demo's own picture: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while transforming the demo's own pictures", e);
        }
    }

    /** The transform's name, e.g. {@code invert}. */
    String transform() {
        return transform;
    }

    /** The first upload of every key (the one that must not win). */
    byte[] cat() {
        return cat.clone();
    }

    /** The second upload of every key (the newest). */
    byte[] dog() {
        return dog.clone();
    }

    /** What the transform makes of the cat. */
    BufferedImage catOutput() {
        return catOutput;
    }

    /** What the transform makes of the dog. */
    BufferedImage dogOutput() {
        return dogOutput;
    }

    /** Which upload {@code output} was made from, by pixels; null means there is no output. */
    Look classify(BufferedImage output) {
        if (output == null) {
            return Look.MISSING;
        }
        float[] print = print(output);
        double toDog = distance(print, dogOutputPrint);
        double toCat = distance(print, catOutputPrint);
        if (Math.min(toDog, toCat) > SAME_PICTURE) {
            return Look.UNRECOGNISED;
        }
        return toDog < toCat ? Look.NEWEST : Look.STALE;
    }

    /** Decodes an image, or returns null when the bytes are not one ImageIO reads. */
    static BufferedImage decodeOrNull(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            return null;
        }
    }

    static BufferedImage scaled(BufferedImage image, int width, int height) {
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return small;
    }

    private static float[] print(BufferedImage image) {
        BufferedImage small = scaled(image, PRINT_WIDTH, PRINT_HEIGHT);
        float[] samples = new float[PRINT_WIDTH * PRINT_HEIGHT * 3];
        int i = 0;
        for (int y = 0; y < PRINT_HEIGHT; y++) {
            for (int x = 0; x < PRINT_WIDTH; x++) {
                int rgb = small.getRGB(x, y);
                samples[i++] = (rgb >> 16) & 0xff;
                samples[i++] = (rgb >> 8) & 0xff;
                samples[i++] = rgb & 0xff;
            }
        }
        return samples;
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    private static BufferedImage drawCat() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, new Color(250, 204, 72));
        Color fur = new Color(105, 105, 115);
        g.setColor(fur);
        g.fillPolygon(new Polygon(new int[] {205, 225, 300}, new int[] {190, 55, 120}, 3));
        g.fillPolygon(new Polygon(new int[] {435, 415, 340}, new int[] {190, 55, 120}, 3));
        g.setColor(new Color(240, 150, 170));
        g.fillPolygon(new Polygon(new int[] {225, 235, 285}, new int[] {160, 85, 125}, 3));
        g.fillPolygon(new Polygon(new int[] {415, 405, 355}, new int[] {160, 85, 125}, 3));
        g.setColor(fur);
        g.fillOval(190, 95, 260, 240);
        // green eyes with slit pupils
        g.setColor(new Color(120, 200, 60));
        g.fillOval(245, 170, 56, 40);
        g.fillOval(339, 170, 56, 40);
        g.setColor(Color.BLACK);
        g.fillOval(266, 171, 14, 38);
        g.fillOval(360, 171, 14, 38);
        // pink nose, mouth and whiskers
        g.setColor(new Color(240, 130, 160));
        g.fillPolygon(new Polygon(new int[] {302, 338, 320}, new int[] {238, 238, 258}, 3));
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(4, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(320, 258, 320, 272);
        g.draw(new Arc2D.Double(292, 250, 28, 30, 180, 180, Arc2D.OPEN));
        g.draw(new Arc2D.Double(320, 250, 28, 30, 180, 180, Arc2D.OPEN));
        g.setColor(new Color(245, 245, 245));
        g.setStroke(new BasicStroke(3, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int dy = -14; dy <= 14; dy += 14) {
            g.drawLine(285, 255, 165, 245 + dy * 2);
            g.drawLine(355, 255, 475, 245 + dy * 2);
        }
        label(g, "CAT", Color.BLACK);
        g.dispose();
        return image;
    }

    private static BufferedImage drawDog() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, new Color(70, 140, 225));
        // floppy ears behind the head
        g.setColor(new Color(95, 55, 25));
        g.fillOval(165, 110, 100, 210);
        g.fillOval(375, 110, 100, 210);
        g.setColor(new Color(190, 130, 70));
        g.fillOval(215, 85, 210, 250);
        // pale muzzle
        g.setColor(new Color(245, 222, 185));
        g.fillOval(255, 215, 130, 105);
        // round eyes with highlights
        g.setColor(Color.BLACK);
        g.fillOval(262, 165, 32, 32);
        g.fillOval(346, 165, 32, 32);
        g.setColor(Color.WHITE);
        g.fillOval(272, 171, 9, 9);
        g.fillOval(356, 171, 9, 9);
        // big nose, mouth and tongue
        g.setColor(new Color(230, 90, 110));
        g.fillRoundRect(303, 278, 34, 44, 30, 30);
        g.setColor(Color.BLACK);
        g.fillOval(292, 222, 56, 38);
        g.setStroke(new BasicStroke(4, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(320, 258, 320, 280);
        g.draw(new Arc2D.Double(280, 255, 40, 32, 180, 180, Arc2D.OPEN));
        g.draw(new Arc2D.Double(320, 255, 40, 32, 180, 180, Arc2D.OPEN));
        label(g, "DOG", Color.WHITE);
        g.dispose();
        return image;
    }

    private static Graphics2D canvas(BufferedImage image, Color background) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(background);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        return g;
    }

    private static void label(Graphics2D g, String text, Color colour) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 110));
        FontMetrics metrics = g.getFontMetrics();
        g.setColor(colour);
        g.drawString(text, (WIDTH - metrics.stringWidth(text)) / 2, HEIGHT - 30);
    }
}
