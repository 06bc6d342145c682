/** C++: the ONNX Runtime C++ API + stb_image. */
import type { GeneratedProgram, ProgramPlan } from '../program-plan.js';

function printing(plan: ProgramPlan): string {
  if (plan.topK) {
    return String.raw`    const char* output_names[] = {"${plan.topK.scores}", "${plan.topK.indices}"};
    auto outputs = session.Run(Ort::RunOptions{nullptr}, input_names, &input, 1, output_names, 2);
    const float* scores = outputs[0].GetTensorData<float>();
    const int64_t* indices = outputs[1].GetTensorData<int64_t>();
    size_t k = outputs[0].GetTensorTypeAndShapeInfo().GetElementCount();
    std::printf("%s\n", argv[i]);
    for (size_t rank = 0; rank < k; rank++) {
      int64_t index = indices[rank];
      const char* name = index < static_cast<int64_t>(names.size()) ? names[index].c_str() : "-";
      std::printf("  %zu. %lld %s %.6f\n", rank + 1, static_cast<long long>(index), name, scores[rank]);
    }`;
  }
  return String.raw`    auto outputs = session.Run(Ort::RunOptions{nullptr}, input_names, &input, 1, output_names.data(), output_names.size());
    std::printf("%s\n", argv[i]);
    for (size_t o = 0; o < outputs.size(); o++) {
      auto info = outputs[o].GetTensorTypeAndShapeInfo();
      std::string shape;
      for (int64_t d : info.GetShape()) shape += (shape.empty() ? "" : ", ") + std::to_string(d);
      if (info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
        std::printf("  %s shape [%s] not float\n", output_names[o], shape.c_str());
        continue;
      }
      const float* v = outputs[o].GetTensorData<float>();
      size_t n = info.GetElementCount(), argmax = 0;
      double min = v[0], max = v[0], sum = 0;
      for (size_t k = 0; k < n; k++) {
        if (v[k] > max) { max = v[k]; argmax = k; }
        if (v[k] < min) min = v[k];
        sum += v[k];
      }
      std::printf("  %s shape [%s] min %.6f max %.6f mean %.6f argmax %zu\n", output_names[o], shape.c_str(), min, max, sum / n, argmax);
    }`;
}

export function cppProgram(plan: ProgramPlan): GeneratedProgram {
  const outputList = plan.topK ? '' : String.raw`
  std::vector<const char*> output_names;
  std::vector<Ort::AllocatedStringPtr> output_name_storage;
  for (size_t o = 0; o < session.GetOutputCount(); o++) {
    output_name_storage.push_back(session.GetOutputNameAllocated(o, allocator));
    output_names.push_back(output_name_storage.back().get());
  }`;
  const program = String.raw`// Runs an image model bundled by Parity: the preprocessing is inside the model, so a program only decodes the
// image to RGB bytes and hands them over as uint8 [1, height, width, 3].
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <onnxruntime_cxx_api.h>

#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>

// The class names the bundle stores in its metadata as a JSON array of strings.
static std::vector<std::string> class_names(Ort::Session& session, OrtAllocator* allocator) {
  std::vector<std::string> names;
  Ort::ModelMetadata metadata = session.GetModelMetadata();
  Ort::AllocatedStringPtr json = metadata.LookupCustomMetadataMapAllocated("${plan.classNamesKey}", allocator);
  if (!json) return names;
  std::string current;
  bool inside = false, escaped = false;
  for (const char* c = json.get(); *c; c++) {
    if (!inside) {
      if (*c == '"') { inside = true; current.clear(); }
    } else if (escaped) {
      current += *c;
      escaped = false;
    } else if (*c == '\\') {
      escaped = true;
    } else if (*c == '"') {
      names.push_back(current);
      inside = false;
    } else {
      current += *c;
    }
  }
  return names;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <model.onnx> <image> [<image> ...]\n", argv[0]);
    return 2;
  }
  Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "run_bundle");
  Ort::SessionOptions options;
  Ort::Session session(env, argv[1], options);  // on Windows the path is a wide string
  Ort::AllocatorWithDefaultOptions allocator;
  std::vector<std::string> names = class_names(session, allocator);
  Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  const char* input_names[] = {"${plan.input}"};${outputList}
  for (int i = 2; i < argc; i++) {
    int width = 0, height = 0, channels = 0;
    // RGB, rows top to bottom; stb_image applies no EXIF orientation and drops alpha when asked for 3 channels.
    stbi_uc* pixels = stbi_load(argv[i], &width, &height, &channels, 3);
    if (pixels == nullptr) {
      std::fprintf(stderr, "%s: %s\n", argv[i], stbi_failure_reason());
      return 1;
    }
    std::array<int64_t, 4> shape{1, height, width, 3};
    Ort::Value input = Ort::Value::CreateTensor<uint8_t>(memory, pixels, static_cast<size_t>(width) * height * 3, shape.data(), shape.size());
${printing(plan)}
    stbi_image_free(pixels);
  }
  return 0;
}
`;
  const cmake = String.raw`cmake_minimum_required(VERSION 3.18)
project(run_bundle CXX)
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)

# ONNXRUNTIME_ROOT: a folder with include/ (onnxruntime_cxx_api.h) and lib/ (libonnxruntime), e.g. an unpacked
# ONNX Runtime release or NuGet package. STB_INCLUDE_DIR: the folder holding stb_image.h (Debian: libstb-dev).
set(ONNXRUNTIME_ROOT "" CACHE PATH "ONNX Runtime folder with include/ and lib/")
set(STB_INCLUDE_DIR "/usr/include/stb" CACHE PATH "folder holding stb_image.h")
find_path(ORT_INCLUDE_DIR onnxruntime_cxx_api.h HINTS "${"${ONNXRUNTIME_ROOT}"}/include" PATH_SUFFIXES onnxruntime REQUIRED)
find_library(ORT_LIBRARY NAMES onnxruntime HINTS "${"${ONNXRUNTIME_ROOT}"}/lib" REQUIRED)
find_path(STB_DIR stb_image.h HINTS "${"${STB_INCLUDE_DIR}"}" REQUIRED)

add_executable(run_bundle run_bundle.cpp)
target_include_directories(run_bundle PRIVATE "${"${ORT_INCLUDE_DIR}"}" "${"${STB_DIR}"}")
target_link_libraries(run_bundle PRIVATE "${"${ORT_LIBRARY}"}")
`;
  return {
    language: 'cpp',
    files: { 'run_bundle.cpp': program, 'CMakeLists.txt': cmake },
    run: `cmake -S . -B build -DONNXRUNTIME_ROOT=/path/to/onnxruntime && cmake --build build && build/run_bundle ../../${plan.bundleFile} image.jpg`,
  };
}
