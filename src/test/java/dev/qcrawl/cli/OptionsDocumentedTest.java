package dev.qcrawl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/** Every option that {@code --help} shows is documented, as code ({@code `--name}) in README.md or under docs/. */
class OptionsDocumentedTest {
    @Test
    void everyOptionOfHelpIsInTheReadmeOrTheDocs() throws IOException {
        StringBuilder docs = new StringBuilder(Files.readString(Path.of("README.md")));
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                docs.append(Files.readString(page));
            }
        }
        List<String> missing = new ArrayList<>();
        for (OptionSpec option : CrawlCommand.commandLine().getCommandSpec().options()) {
            if (option.hidden()) {
                continue;
            }
            for (String name : option.names()) {
                // written as code: `--name`, `--name VALUE` or `-n`, ending where the name ends
                Pattern written = Pattern.compile("`" + Pattern.quote(name) + "(?![\\w-])");
                if (!written.matcher(docs).find()) {
                    missing.add(name);
                }
            }
        }
        assertEquals(List.of(), missing, "options --help shows that no page documents");
    }
}
