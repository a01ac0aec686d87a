// What Grappe reads back of its own writing, which a damaged index, an
// older build or a dying worker can leave garbled: the JSON of a file's
// record and of a passage (store/documents.h), and a worker's result as it
// crosses the pipe (FileResult::decode). Garbage reads as empty fields or
// as the documented std::runtime_error, never as a crash; and what the
// record read gives a user (record_to_json) is JSON whatever it read; a
// record's lent value reads back as written.
#include <rapidjson/document.h>
#include <xapian.h>

#include <stdexcept>

#include "fuzz.h"
#include "pipeline/process_file.h"
#include "store/documents.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace grappe;
    // The first byte: a record's data, a passage's data, a worker's result.
    const fuzz::Choice in = fuzz::choose(data, size, 3);
    switch (in.which) {
        case 0: {
            Xapian::Document doc;
            doc.set_data(std::string(in.rest));
            const FileRecord record = read_record(doc);
            const std::string json = record_to_json(record, 7);
            rapidjson::Document parsed;
            parsed.Parse(json.data(), json.size());
            fuzz::require(!parsed.HasParseError() && parsed.IsObject(), "record_to_json is not a JSON object", json);
            fuzz::require(is_valid_utf8(json), "record_to_json is not valid UTF-8", json);
            // The same bytes as a record's lent value (what its work's
            // other copies read); and the value of what was read, read
            // back as written.
            (void)read_lent_value(std::string(in.rest));
            const std::optional<FileRecord> lent = read_lent_value(lent_value(record));
            fuzz::require(record.path.empty() || (lent && lent->path == record.path && lent->metadata.authors == record.metadata.authors &&
                                                  lent->metadata.doi.value == record.metadata.doi.value),
                          "a lent value does not read back as written", record.path);
            break;
        }
        case 1: {
            Xapian::Document doc;
            doc.set_data(std::string(in.rest));
            (void)read_passage(doc);
            break;
        }
        default: {
            FileResult result;
            try {
                result = FileResult::decode(in.rest);
            } catch (const std::runtime_error&) {
                return 0;  // a garbled encoding, said so
            }
            const std::string encoded = result.encode();
            fuzz::require(FileResult::decode(encoded).encode() == encoded, "a decoded result does not read back as written");
        }
    }
    return 0;
}
