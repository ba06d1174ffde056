package gateway.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the rows of GitHub-flavoured Markdown tables, so a document's tables can be checked against the code. */
public final class MarkdownTables {

    private MarkdownTables() {
    }

    /**
     * Every row of every table whose header row is exactly these columns, as column name to cell text (trimmed,
     * backticks kept, {@code \|} unescaped).
     */
    public static List<Map<String, String>> rows(String markdown, String... columns) {
        List<String> header = List.of(columns);
        List<Map<String, String>> rows = new ArrayList<>();
        String[] lines = markdown.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (!isRow(lines[i]) || !cells(lines[i]).equals(header) || !lines[i + 1].startsWith("|---")) {
                continue;
            }
            for (int row = i + 2; row < lines.length && isRow(lines[row]); row++) {
                List<String> cells = cells(lines[row]);
                if (cells.size() != header.size()) {
                    throw new IllegalArgumentException("Row of " + cells.size() + " cells under a header of "
                            + header.size() + ": " + lines[row]);
                }
                Map<String, String> byColumn = new LinkedHashMap<>();
                for (int column = 0; column < header.size(); column++) {
                    byColumn.put(header.get(column), cells.get(column));
                }
                rows.add(byColumn);
            }
        }
        return rows;
    }

    private static boolean isRow(String line) {
        return line.startsWith("|") && line.strip().endsWith("|");
    }

    private static List<String> cells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.length() - 1);
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length() && inner.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
