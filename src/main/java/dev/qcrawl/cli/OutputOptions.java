package dev.qcrawl.cli;

import dev.qcrawl.report.AtomicFile;
import dev.qcrawl.report.Format;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What is printed and where: {@code --format}, {@code --output} (null for standard output), and the row choices
 * {@code --broken} and {@code --orphans}.
 *
 * @throws IllegalArgumentException with the usage message when the file cannot be written or the HTML report is
 *                                  asked to choose rows, or the Markdown summary to list orphans
 */
record OutputOptions(Format format, Path file, boolean broken, boolean orphans) {
    OutputOptions {
        if (file != null) {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("--output: " + file + " is a directory");
            }
            if (AtomicFile.replaces(file)) {
                Path parent = file.toAbsolutePath().getParent();
                if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                    throw new IllegalArgumentException(
                            "--output: cannot write to " + file + " (its folder must exist and be writable)");
                }
            } else if (!Files.isWritable(file)) {
                throw new IllegalArgumentException("--output: cannot write to " + file);
            }
        }
        if (format == Format.HTML && (broken || orphans)) {
            throw new IllegalArgumentException("--format html reports the whole crawl (its broken links included);"
                    + " --broken and --orphans choose rows for the other formats");
        }
        if (format == Format.MARKDOWN && orphans) {
            throw new IllegalArgumentException("--format markdown is a summary of the broken links; --orphans lists"
                    + " its URLs in the other formats (junit: one test each)");
        }
    }

    static OutputOptions of(Arguments args) {
        return new OutputOptions(args.format(), args.output(), args.broken(), args.orphans());
    }
}
