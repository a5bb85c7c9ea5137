package io.warden.server.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format, version 0.0.4, for tests. No
 * maintained Java parser of that format is published (the Prometheus Java client only writes it;
 * Hawkular's {@code prometheus-scraper} 0.23 from 2016 skips malformed sample lines without a
 * word), so this one follows the format's specification and refuses, naming the line:
 * <ul>
 *   <li>a body that is empty or does not end with a line feed, or has a carriage return;</li>
 *   <li>a metric or label name outside {@code [a-zA-Z_:][a-zA-Z0-9_:]*} /
 *       {@code [a-zA-Z_][a-zA-Z0-9_]*}, a reserved {@code __} label, a label twice;</li>
 *   <li>an escape other than {@code \\ \" \n} in a label value (or {@code \\ \n} in HELP);</li>
 *   <li>a value that is not a float ({@code NaN}, {@code +Inf}, {@code -Inf} included), a
 *       timestamp that is not an integer, anything after them;</li>
 *   <li>an unknown type; a second HELP or TYPE for a name; HELP or TYPE after the name's samples;</li>
 *   <li>a sample whose name does not fit its family's type (a counter's or gauge's sample named
 *       otherwise, a summary sample without {@code quantile}, a histogram sample other than
 *       {@code _bucket} with {@code le}, {@code _sum}, {@code _count});</li>
 *   <li>a family's samples not all together; the same series twice.</li>
 * </ul>
 */
public final class PrometheusText {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?|NaN|[+-]Inf");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One line of data: a series and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A metric family: its name, type, help and samples in order. */
  public record Family(String name, String type, String help, List<Sample> samples) {
    /** The value of the sample named {@code name} with no labels. */
    public double value(String name) {
      return samples.stream().filter(s -> s.name().equals(name) && s.labels().isEmpty()).findFirst()
          .orElseThrow(() -> new AssertionError("family " + this.name + " has no sample " + name)).value();
    }

    /** The value of the family's own unlabelled sample (a counter's or gauge's value). */
    public double value() {
      return value(name);
    }
  }

  private PrometheusText() {}

  /**
   * Parses a scrape body.
   *
   * @return the families by name, in the order they appear
   * @throws IllegalArgumentException naming the first line that breaks the format
   */
  public static Map<String, Family> parse(String text) {
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw new IllegalArgumentException("the body must be non-empty and end with a line feed");
    }
    return new Reader().read(text);
  }

  private static final class Reader {
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, String> helps = new LinkedHashMap<>();
    private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
    private final Set<String> closed = new HashSet<>();
    private final Set<String> series = new HashSet<>();
    private String current;
    private int lineNumber;

    Map<String, Family> read(String text) {
      String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
      for (String line : lines) {
        lineNumber++;
        if (line.indexOf('\r') >= 0) {
          throw error("carriage return");
        }
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("#")) {
          comment(line);
        } else {
          sample(line);
        }
      }
      Map<String, Family> families = new LinkedHashMap<>();
      Set<String> names = new LinkedHashSet<>();
      names.addAll(types.keySet());
      names.addAll(helps.keySet());
      names.addAll(samples.keySet());
      for (String name : names) {
        families.put(name, new Family(name, types.getOrDefault(name, "untyped"), helps.get(name),
            List.copyOf(samples.getOrDefault(name, List.of()))));
      }
      return families;
    }

    private void comment(String line) {
      String[] tokens = line.substring(1).trim().split("[ \t]+", 3);
      if (tokens.length < 2 || !(tokens[0].equals("HELP") || tokens[0].equals("TYPE"))) {
        return; // an ordinary comment
      }
      String name = tokens[1];
      if (!METRIC_NAME.matcher(name).matches()) {
        throw error("bad metric name '" + name + "'");
      }
      if (samples.containsKey(name)) {
        throw error(tokens[0] + " for " + name + " after its samples");
      }
      if (tokens[0].equals("HELP")) {
        if (helps.put(name, unescapeHelp(tokens.length > 2 ? tokens[2] : "")) != null) {
          throw error("second HELP for " + name);
        }
      } else {
        if (tokens.length < 3 || !TYPES.contains(tokens[2])) {
          throw error("unknown type in '" + line + "'");
        }
        if (types.put(name, tokens[2]) != null) {
          throw error("second TYPE for " + name);
        }
      }
    }

    private void sample(String line) {
      int i = 0;
      while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
        i++;
      }
      String name = line.substring(0, i);
      if (!METRIC_NAME.matcher(name).matches()) {
        throw error("bad metric name '" + name + "'");
      }
      Map<String, String> labels = new TreeMap<>();
      if (i < line.length() && line.charAt(i) == '{') {
        i = labels(line, i + 1, labels);
      }
      String[] rest = line.substring(i).split("[ \t]+", -1);
      // rest[0] is empty: the separator must follow the name or the closing brace.
      if (rest.length < 2 || rest.length > 3 || !rest[0].isEmpty()) {
        throw error("expected 'name{labels} value [timestamp]'");
      }
      if (!FLOAT.matcher(rest[1]).matches()) {
        throw error("bad value '" + rest[1] + "'");
      }
      if (rest.length == 3 && !TIMESTAMP.matcher(rest[2]).matches()) {
        throw error("bad timestamp '" + rest[2] + "'");
      }
      double value = rest[1].equals("NaN") ? Double.NaN : rest[1].endsWith("Inf")
          ? (rest[1].startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.parseDouble(rest[1]);
      String family = familyOf(name, labels);
      if (!family.equals(current)) {
        if (closed.contains(family)) {
          throw error("samples of " + family + " are not all together");
        }
        if (current != null) {
          closed.add(current);
        }
        current = family;
      }
      if (!series.add(name + labels)) {
        throw error("series " + name + labels + " twice");
      }
      samples.computeIfAbsent(family, f -> new ArrayList<>()).add(new Sample(name, Map.copyOf(labels), value));
    }

    /** Reads {@code a="x",b="y"}; returns the index after the closing brace. */
    private int labels(String line, int i, Map<String, String> labels) {
      while (true) {
        if (i >= line.length()) {
          throw error("unclosed label set");
        }
        if (line.charAt(i) == '}') {
          return i + 1;
        }
        int eq = line.indexOf('=', i);
        if (eq < 0) {
          throw error("label without '='");
        }
        String label = line.substring(i, eq);
        if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
          throw error("bad label name '" + label + "'");
        }
        if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
          throw error("label value of " + label + " is not quoted");
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        while (true) {
          if (j >= line.length()) {
            throw error("unterminated label value of " + label);
          }
          char c = line.charAt(j);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            char next = j + 1 < line.length() ? line.charAt(j + 1) : ' ';
            switch (next) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw error("bad escape \\" + next + " in label " + label);
            }
            j += 2;
          } else {
            value.append(c);
            j++;
          }
        }
        if (labels.put(label, value.toString()) != null) {
          throw error("label " + label + " twice");
        }
        i = j + 1;
        if (i < line.length() && line.charAt(i) == ',') {
          i++;
        } else if (i >= line.length() || line.charAt(i) != '}') {
          throw error("expected ',' or '}' after label " + label);
        }
      }
    }

    /** The family a sample belongs to, checked against the family's type. */
    private String familyOf(String name, Map<String, String> labels) {
      for (String suffix : List.of("_bucket", "_sum", "_count")) {
        if (name.endsWith(suffix)) {
          String base = name.substring(0, name.length() - suffix.length());
          String type = types.get(base);
          if ("histogram".equals(type) || "summary".equals(type)) {
            if (suffix.equals("_bucket") && (!type.equals("histogram") || !labels.containsKey("le"))) {
              throw error(name + ": a bucket needs a histogram family and an 'le' label");
            }
            return base;
          }
        }
      }
      String type = types.getOrDefault(name, "untyped");
      if (type.equals("histogram")) {
        throw error(name + ": a histogram's samples are _bucket, _sum and _count");
      }
      if (type.equals("summary") && !labels.containsKey("quantile")) {
        throw error(name + ": a summary's own samples need a 'quantile' label");
      }
      if (labels.containsKey("quantile") && !type.equals("summary")) {
        throw error(name + ": 'quantile' label outside a summary");
      }
      return name;
    }

    private String unescapeHelp(String text) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
        if (next == '\\') {
          out.append('\\');
        } else if (next == 'n') {
          out.append('\n');
        } else {
          throw error("bad escape \\" + next + " in HELP");
        }
        i++;
      }
      return out.toString();
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("line " + lineNumber + ": " + what);
    }
  }
}
