package gateway.emulator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stands in for Clarity's AI upscaler: a plain bicubic enlargement, so results have the right size and look like
 * their input. Blocking and CPU-heavy: workers only.
 */
@ApplicationScoped
class ImageUpscaler {

    /** Enlarges {@code source} {@code scale} times; transparent pixels are laid on white when alpha cannot be kept. */
    BufferedImage upscale(BufferedImage source, int scale, boolean keepAlpha) {
        boolean alpha = keepAlpha && source.getColorModel().hasAlpha();
        // Java2D's bicubic path is exact only from its own pixel layouts; indexed GIFs and 16-bit PNGs are converted first.
        BufferedImage input = converted(source, alpha);
        int width = input.getWidth() * scale;
        int height = input.getHeight() * scale;
        BufferedImage output = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = output.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            graphics.drawImage(input, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return output;
    }

    private static BufferedImage converted(BufferedImage source, boolean alpha) {
        int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        if (source.getType() == type) {
            return source;
        }
        BufferedImage converted = new BufferedImage(source.getWidth(), source.getHeight(), type);
        Graphics2D graphics = converted.createGraphics();
        try {
            if (!alpha) {
                graphics.setColor(Color.WHITE);
                graphics.fillRect(0, 0, source.getWidth(), source.getHeight());
            }
            graphics.drawImage(source, 0, 0, null);
        } finally {
            graphics.dispose();
        }
        return converted;
    }
}
