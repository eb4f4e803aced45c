import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.script.Invocable;
import javax.script.ScriptEngine;
import org.openjdk.nashorn.api.scripting.NashornScriptEngineFactory;

/**
 * Runs a Dataflow JavaScript UDF the way the Google-provided templates do: standalone Nashorn
 * created with {@code --language=es6}, the script evaluated once, the function invoked with each
 * payload as a Java string.
 *
 * <p>Usage: {@code java -cp 'dir/*:dir' UdfHarness <udf.js> [functionName]}. Reads one base64
 * payload per line on stdin (base64 keeps arbitrary text on one line) and prints one line per
 * input (an empty line is an empty payload): {@code OK <result>} or {@code ERR <message>}, with
 * backslashes, CR and LF escaped.
 */
public final class UdfHarness {
  private UdfHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: UdfHarness <udf.js> [functionName]");
      System.exit(2);
    }
    String script = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    String functionName = args.length == 2 ? args[1] : "transform";
    ScriptEngine engine = new NashornScriptEngineFactory().getScriptEngine("--language=es6");
    engine.eval(script);
    Invocable invocable = (Invocable) engine;

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    BufferedWriter out =
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    String line;
    while ((line = in.readLine()) != null) {
      String payload = new String(Base64.getDecoder().decode(line), StandardCharsets.UTF_8);
      try {
        Object result = invocable.invokeFunction(functionName, payload);
        out.write("OK " + escape(result == null ? "null" : result.toString()));
      } catch (Exception e) {
        out.write("ERR " + escape(String.valueOf(e.getMessage())));
      }
      out.newLine();
    }
    out.flush();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n");
  }
}
