/** Java: com.microsoft.onnxruntime:onnxruntime from Maven Central + ImageIO. */
import { PACKAGES, type GeneratedProgram, type ProgramPlan } from '../program-plan.js';

function printing(plan: ProgramPlan): string {
  if (plan.topK) {
    return String.raw`                    float[] scores = ((float[][]) result.get("${plan.topK.scores}").orElseThrow().getValue())[0];
                    long[] indices = ((long[][]) result.get("${plan.topK.indices}").orElseThrow().getValue())[0];
                    System.out.println(args[i]);
                    for (int rank = 0; rank < scores.length; rank++) {
                        int index = (int) indices[rank];
                        String name = index < names.size() ? names.get(index) : "-";
                        System.out.printf(Locale.ROOT, "  %d. %d %s %.6f%n", rank + 1, index, name, scores[rank]);
                    }`;
  }
  return String.raw`                    System.out.println(args[i]);
                    for (Map.Entry<String, OnnxValue> output : result) {
                        OnnxTensor tensor = (OnnxTensor) output.getValue();
                        long[] dims = tensor.getInfo().getShape();
                        FloatBuffer values = tensor.getFloatBuffer();
                        if (values == null) {
                            System.out.printf("  %s shape %s type %s%n", output.getKey(), Arrays.toString(dims), tensor.getInfo().type);
                            continue;
                        }
                        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0;
                        int argmax = 0, n = values.remaining();
                        for (int k = 0; k < n; k++) {
                            float v = values.get(k);
                            if (v > max) { max = v; argmax = k; }
                            min = Math.min(min, v);
                            sum += v;
                        }
                        System.out.printf(Locale.ROOT, "  %s shape %s min %.6f max %.6f mean %.6f argmax %d%n",
                            output.getKey(), Arrays.toString(dims), min, max, sum / n, argmax);
                    }`;
}

export function javaProgram(plan: ProgramPlan): GeneratedProgram {
  const program = String.raw`import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Runs an image model bundled by Parity: the preprocessing is inside the model, so a program only decodes the
 * image to RGB bytes and hands them over as uint8 [1, height, width, 3].
 */
public final class RunBundle {
    /** The image's RGB bytes, rows top to bottom (ImageIO applies no EXIF orientation; alpha is dropped). */
    static ByteBuffer loadRgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        ByteBuffer rgb = ByteBuffer.allocateDirect(width * height * 3);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int argb : row) {
                rgb.put((byte) (argb >> 16)).put((byte) (argb >> 8)).put((byte) argb);
            }
        }
        return rgb.rewind();
    }

    /** The class names the bundle stores in its metadata as a JSON array of strings. */
    static List<String> classNames(OrtSession session) throws OrtException {
        String json = session.getMetadata().getCustomMetadata().getOrDefault("${plan.classNamesKey}", "[]");
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        while (m.find()) {
            names.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return names;
    }

    public static void main(String[] args) throws OrtException, IOException {
        if (args.length < 2) {
            System.err.println("usage: RunBundle <model.onnx> <image> [<image> ...]");
            System.exit(2);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(args[0], new OrtSession.SessionOptions())) {
            List<String> names = classNames(session);
            for (int i = 1; i < args.length; i++) {
                BufferedImage image = ImageIO.read(new File(args[i]));
                if (image == null) {
                    throw new IOException(args[i] + ": not an image ImageIO can read");
                }
                long[] shape = {1, image.getHeight(), image.getWidth(), 3};
                try (OnnxTensor input = OnnxTensor.createTensor(env, loadRgb(image), shape, OnnxJavaType.UINT8);
                        OrtSession.Result result = session.run(Map.of("${plan.input}", input))) {
${printing(plan)}
                }
            }
        }
    }
}
`;
  const pom = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.parity</groupId>
  <artifactId>run-bundle</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencies>
    <dependency>
      <groupId>com.microsoft.onnxruntime</groupId>
      <artifactId>onnxruntime</artifactId>
      <version>${PACKAGES.javaOnnxruntime}</version>
    </dependency>
  </dependencies>
  <build>
    <sourceDirectory>src</sourceDirectory>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>3.8.1</version>
      </plugin>
    </plugins>
  </build>
</project>
`;
  return {
    language: 'java',
    files: { 'src/RunBundle.java': program, 'pom.xml': pom },
    run: `mvn -q package dependency:copy-dependencies && java -cp "target/classes:target/dependency/*" RunBundle ../../${plan.bundleFile} image.jpg`,
  };
}
