/* Wire layer: DNS messages, names and compression. */
#include <string.h>

#include "captures.h"
#include "harness.h"
#include "net/wire/bytes.h"
#include "net/wire/dns.h"

static void a_answer_captured(void **state)
{
    (void)state;
    net_ip4 a[4];
    struct net_dns_a_answer r;
    assert_int_equal(net_dns_parse_a_response(cap_dns_a, sizeof cap_dns_a, 0x1234, "broker.lan", a,
                                              4, &r),
                     NET_WIRE_OK);
    assert_int_equal(r.rcode, NET_DNS_RCODE_NOERROR);
    assert_false(r.truncated);
    assert_int_equal(r.count, 2);
    assert_int_equal(a[0], NET_IP4(10, 9, 0, 5));
    assert_int_equal(a[1], NET_IP4(10, 9, 0, 6));
    assert_int_equal(r.ttl, 0);
    /* names compare without regard to ASCII case; a trailing dot is the same name */
    assert_int_equal(net_dns_parse_a_response(cap_dns_a, sizeof cap_dns_a, 0x1234, "BROKER.Lan.",
                                              a, 1, &r),
                     NET_WIRE_OK);
    assert_int_equal(r.count, 1); /* max respected */
}

static void cname_chain_captured(void **state)
{
    (void)state;
    net_ip4 a[4];
    struct net_dns_a_answer r;
    assert_int_equal(net_dns_parse_a_response(cap_dns_cname, sizeof cap_dns_cname, 0x4321,
                                              "mqtt.lan", a, 4, &r),
                     NET_WIRE_OK);
    assert_int_equal(r.count, 2);
    assert_int_equal(a[0], NET_IP4(10, 9, 0, 6));
    assert_int_equal(a[1], NET_IP4(10, 9, 0, 5));
}

static void refused_captured(void **state)
{
    (void)state;
    net_ip4 a[1];
    struct net_dns_a_answer r;
    assert_int_equal(net_dns_parse_a_response(cap_dns_refused, sizeof cap_dns_refused, 0x5555,
                                              "nothere.lan", a, 1, &r),
                     NET_WIRE_OK);
    assert_int_equal(r.rcode, NET_DNS_RCODE_REFUSED);
    assert_int_equal(r.count, 0);
}

static void not_our_answer(void **state)
{
    (void)state;
    net_ip4 a[1];
    struct net_dns_a_answer r;
    uint8_t m[sizeof cap_dns_a];
    assert_int_equal(net_dns_parse_a_response(cap_dns_a, sizeof cap_dns_a, 0x1235, "broker.lan",
                                              a, 1, &r),
                     NET_WIRE_BAD_FIELD);
    assert_int_equal(net_dns_parse_a_response(cap_dns_a, sizeof cap_dns_a, 0x1234, "broker.la", a,
                                              1, &r),
                     NET_WIRE_BAD_FIELD);
    assert_int_equal(net_dns_parse_a_response(cap_dns_a, sizeof cap_dns_a, 0x1234,
                                              "broker.lan.x", a, 1, &r),
                     NET_WIRE_BAD_FIELD);
    memcpy(m, cap_dns_a, sizeof m);
    m[2] &= 0x7f; /* a query, not a response */
    assert_int_equal(net_dns_parse_a_response(m, sizeof m, 0x1234, "broker.lan", a, 1, &r),
                     NET_WIRE_BAD_FIELD);
    memcpy(m, cap_dns_a, sizeof m);
    m[39] = 5; /* first A record's rdata length */
    assert_int_not_equal(net_dns_parse_a_response(m, sizeof m, 0x1234, "broker.lan", a, 1, &r),
                         NET_WIRE_OK);
}

static void truncated_at_every_length(void **state)
{
    (void)state;
    net_ip4 a[4];
    struct net_dns_a_answer r;
    for (size_t len = 0; len < sizeof cap_dns_cname; len++)
        assert_int_not_equal(net_dns_parse_a_response(cap_dns_cname, len, 0x4321, "mqtt.lan", a, 4,
                                                      &r),
                             NET_WIRE_OK);
    for (size_t len = 0; len < NET_DNS_HDR_LEN; len++) {
        struct net_dns_header h;
        assert_int_equal(net_dns_parse_header(cap_dns_a, len, &h), NET_WIRE_TRUNCATED);
    }
}

static void compression_loops_refused(void **state)
{
    (void)state;
    size_t next;
    /* a pointer to itself */
    uint8_t self[] = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1};
    assert_int_equal(net_dns_skip_name(self, sizeof self, 12, &next), NET_WIRE_LOOP);
    /* a pointer forwards, to a pointer back to it */
    uint8_t pair[] = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 14, 0xc0, 12};
    assert_int_equal(net_dns_skip_name(pair, sizeof pair, 12, &next), NET_WIRE_LOOP);
    assert_int_equal(net_dns_skip_name(pair, sizeof pair, 14, &next), NET_WIRE_LOOP);
    /* backwards, but through a label that leads to the same pointer again */
    uint8_t circle[] = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 'a', 0xc0, 12};
    assert_int_equal(net_dns_skip_name(circle, sizeof circle, 14, &next), NET_WIRE_LOOP);
    char text[64];
    assert_int_equal(net_dns_read_name(circle, sizeof circle, 12, text, sizeof text),
                     NET_WIRE_LOOP);
    bool eq;
    assert_int_equal(net_dns_name_equals_text(circle, sizeof circle, 14, "a.a.a.a", &eq),
                     NET_WIRE_LOOP);
    /* a proper backward chain works: "b" + pointer to "a" */
    uint8_t chain[] = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 'a', 0, 1, 'b', 0xc0, 12};
    assert_int_equal(net_dns_skip_name(chain, sizeof chain, 15, &next), NET_WIRE_OK);
    assert_int_equal(next, sizeof chain);
    assert_int_equal(net_dns_read_name(chain, sizeof chain, 15, text, sizeof text), NET_WIRE_OK);
    assert_string_equal(text, "b.a");
}

static void name_limits(void **state)
{
    (void)state;
    uint8_t m[12 + 300] = {0};
    size_t p = 12, next;
    for (int i = 0; i < 130; i++) { /* 130 one-letter labels: 260 bytes > 255 */
        m[p++] = 1;
        m[p++] = 'x';
    }
    m[p++] = 0;
    assert_int_equal(net_dns_skip_name(m, p, 12, &next), NET_WIRE_LOOP);
    assert_int_equal(net_dns_skip_name(m, 12 + 254, 12 + 2, &next), NET_WIRE_TRUNCATED);
    m[12] = 0x41; /* extended label type */
    assert_int_equal(net_dns_skip_name(m, p, 12, &next), NET_WIRE_BAD_FIELD);
    m[12] = 0xc0; /* pointer missing its second byte */
    assert_int_equal(net_dns_skip_name(m, 13, 12, &next), NET_WIRE_TRUNCATED);
    /* a label holding a dot cannot be written as text */
    uint8_t dot[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 'a', '.', 'b', 0};
    char text[32];
    assert_int_equal(net_dns_read_name(dot, sizeof dot, 12, text, sizeof text),
                     NET_WIRE_UNSUPPORTED);
    assert_int_equal(net_dns_read_name(cap_dns_a, sizeof cap_dns_a, 12, text, 10),
                     NET_WIRE_NO_SPACE);
    assert_int_equal(net_dns_read_name(cap_dns_a, sizeof cap_dns_a, 12, text, 11), NET_WIRE_OK);
    assert_string_equal(text, "broker.lan");
}

static void encode_names(void **state)
{
    (void)state;
    uint8_t w[300];
    size_t n;
    assert_int_equal(net_dns_encode_name("broker.lan", w, sizeof w, &n), NET_WIRE_OK);
    assert_int_equal(n, 12);
    assert_memory_equal(w, "\x06" "broker" "\x03" "lan", 12);
    assert_int_equal(net_dns_encode_name("broker.lan.", w, sizeof w, &n), NET_WIRE_OK);
    assert_int_equal(n, 12);
    assert_int_equal(net_dns_encode_name("", w, sizeof w, &n), NET_WIRE_BAD_FIELD);
    assert_int_equal(net_dns_encode_name("a..b", w, sizeof w, &n), NET_WIRE_BAD_FIELD);
    assert_int_equal(net_dns_encode_name(".a", w, sizeof w, &n), NET_WIRE_BAD_FIELD);
    assert_int_equal(net_dns_encode_name("broker.lan", w, 11, &n), NET_WIRE_NO_SPACE);
    char name[300];
    memset(name, 'a', 64);
    name[64] = 0;
    assert_int_equal(net_dns_encode_name(name, w, sizeof w, &n), NET_WIRE_BAD_FIELD);
    /* 63.63.63.61 characters: 253, the longest name (255 bytes on the wire) */
    memset(name, 'b', 253);
    name[63] = name[127] = name[191] = '.';
    name[253] = 0;
    assert_int_equal(net_dns_encode_name(name, w, sizeof w, &n), NET_WIRE_OK);
    assert_int_equal(n, 255);
    name[253] = 'c';
    name[254] = 0;
    assert_int_equal(net_dns_encode_name(name, w, sizeof w, &n), NET_WIRE_BAD_FIELD);
}

static void query_matches_what_dnsmasq_answered(void **state)
{
    (void)state;
    uint8_t q[64];
    size_t n;
    assert_int_equal(net_dns_emit_query(q, sizeof q, 0x1234, "broker.lan", NET_DNS_TYPE_A, &n),
                     NET_WIRE_OK);
    assert_int_equal(n, 28);
    /* the response repeats our question: everything after the header is the same bytes */
    assert_memory_equal(q + 12, cap_dns_a + 12, 16);
    struct net_dns_header h;
    assert_int_equal(net_dns_parse_header(q, n, &h), NET_WIRE_OK);
    assert_int_equal(h.id, 0x1234);
    assert_int_equal(h.flags, NET_DNS_FLAG_RD);
    assert_int_equal(h.qdcount, 1);
    struct net_dns_question qu;
    size_t next;
    assert_int_equal(net_dns_parse_question(q, n, 12, &qu, &next), NET_WIRE_OK);
    assert_int_equal(qu.type, NET_DNS_TYPE_A);
    assert_int_equal(qu.class_, NET_DNS_CLASS_IN);
    assert_int_equal(next, n);
    assert_int_equal(net_dns_emit_query(q, 27, 1, "broker.lan", NET_DNS_TYPE_A, &n),
                     NET_WIRE_NO_SPACE);
}

static void records_and_name_comparison(void **state)
{
    (void)state;
    size_t p;
    struct net_dns_question q;
    assert_int_equal(net_dns_parse_question(cap_dns_cname, sizeof cap_dns_cname, 12, &q, &p),
                     NET_WIRE_OK);
    struct net_dns_record cname, a1;
    assert_int_equal(net_dns_parse_record(cap_dns_cname, sizeof cap_dns_cname, p, &cname, &p),
                     NET_WIRE_OK);
    assert_int_equal(cname.type, NET_DNS_TYPE_CNAME);
    assert_int_equal(net_dns_parse_record(cap_dns_cname, sizeof cap_dns_cname, p, &a1, &p),
                     NET_WIRE_OK);
    bool eq;
    assert_int_equal(net_dns_names_equal(cap_dns_cname, sizeof cap_dns_cname, cname.name_offset,
                                         q.name_offset, &eq),
                     NET_WIRE_OK);
    assert_true(eq); /* the pointer c00c names the question */
    assert_int_equal(net_dns_names_equal(cap_dns_cname, sizeof cap_dns_cname, a1.name_offset,
                                         cname.rdata_offset, &eq),
                     NET_WIRE_OK);
    assert_true(eq); /* the pointer c026 names the CNAME's target */
    assert_int_equal(net_dns_names_equal(cap_dns_cname, sizeof cap_dns_cname, a1.name_offset,
                                         q.name_offset, &eq),
                     NET_WIRE_OK);
    assert_false(eq);
    assert_int_equal(net_dns_parse_record(cap_dns_cname, p + 9, p, &a1, &p), NET_WIRE_TRUNCATED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_answer_captured),
        cmocka_unit_test(cname_chain_captured),
        cmocka_unit_test(refused_captured),
        cmocka_unit_test(not_our_answer),
        cmocka_unit_test(truncated_at_every_length),
        cmocka_unit_test(compression_loops_refused),
        cmocka_unit_test(name_limits),
        cmocka_unit_test(encode_names),
        cmocka_unit_test(query_matches_what_dnsmasq_answered),
        cmocka_unit_test(records_and_name_comparison),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
