//! ntp-wire beside the other Rust NTP codecs, on the same packets.
//!
//! Fair measurement: inputs go in through `black_box`, each parser's own
//! `Result` is stored as it is (no conversion) in a slot reused across
//! iterations and observed with `black_box(&slot)`,
//! and serializers write into one output buffer reused across iterations.
//! (Returning a 48-octet array by value through `black_box` costs about
//! 17 ns on the reference machine and would hide every difference.)
//!
//! A row is timed only if the crate reads the packet right (see
//! `ntp_wire_compare::read` / `walk`); otherwise the bench prints what it
//! read instead, at start-up, for the table in benches/README.md.
//!
//!   cd benches/compare && cargo bench -- --warm-up-time 1 --measurement-time 3

use std::hint::black_box;
use std::io::Cursor;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ntp_wire_compare::{
    expected_136, expected_1k, fields_136, fields_1k, floor, reply_48, verdict, walk, Walk,
};

fn leak(v: Vec<u8>) -> &'static [u8] {
    Box::leak(v.into_boxed_slice())
}

fn header_48(c: &mut Criterion) {
    let data = leak(reply_48());
    let array: &'static [u8; 48] = data.try_into().unwrap();
    let mut g = c.benchmark_group("reply_48");
    g.throughput(Throughput::Bytes(48));

    // --- the floor ---
    let mut plain = floor::Plain::default();
    g.bench_function("parse/floor", |b| {
        b.iter(|| {
            plain = floor::decode(black_box(array));
            black_box(&plain);
        })
    });
    let mut out = [0u8; 48];
    g.bench_function("serialize/floor", |b| {
        b.iter(|| {
            floor::encode(black_box(&plain), &mut out);
            black_box(&out);
        })
    });
    let mut checked = Ok(plain);
    g.bench_function("parse/floor checked", |b| {
        b.iter(|| {
            checked = floor::decode_checked(black_box(data));
            black_box(&checked);
        })
    });
    let mut n = Ok(0);
    g.bench_function("serialize/floor checked", |b| {
        b.iter(|| {
            n = floor::encode_checked(black_box(&plain), &mut out);
            black_box((&n, &out));
        })
    });

    // --- ntp-wire ---
    let mut seen = None;
    g.bench_function("view/ntp-wire", |b| {
        b.iter(|| {
            seen = ntp_wire::Packet::new_checked(black_box(data))
                .ok()
                .map(|p| (p.mode(), p.stratum(), p.transmit_timestamp()));
            black_box(&seen);
        })
    });
    let mut header = Ok(ntp_wire::Header::default());
    g.bench_function("parse/ntp-wire", |b| {
        b.iter(|| {
            header = ntp_wire::Header::from_bytes(black_box(data));
            black_box(&header);
        })
    });
    let h = ntp_wire::Header::from_bytes(data).unwrap();
    let mut n = Ok(0);
    g.bench_function("serialize/ntp-wire", |b| {
        b.iter(|| {
            n = black_box(&h).emit_slice(&mut out);
            black_box((&n, &out));
        })
    });
    g.bench_function("serialize/ntp-wire to_bytes", |b| {
        b.iter(|| {
            out = black_box(&h).to_bytes();
            black_box(&out);
        })
    });

    // --- ntp-proto (ntpd-rs) ---
    let mut slot = ntp_proto::NtpPacket::deserialize(data, &ntp_proto::NoCipher);
    g.bench_function("parse/ntp-proto", |b| {
        b.iter(|| {
            slot = ntp_proto::NtpPacket::deserialize(black_box(data), &ntp_proto::NoCipher);
            black_box(&slot);
        })
    });
    let (p, _) = ntp_proto::NtpPacket::deserialize(data, &ntp_proto::NoCipher).unwrap();
    let mut r = Ok(());
    g.bench_function("serialize/ntp-proto", |b| {
        b.iter(|| {
            let mut w = Cursor::new(&mut out[..]);
            r = black_box(&p).serialize(&mut w, &ntp_proto::NoCipher, None);
            black_box((&r, &out));
        })
    });

    // --- ntp_usg-proto ---
    {
        use usg_proto::protocol::{FromBytes, Packet, ToBytes};
        let mut slot = Packet::from_bytes(data);
        g.bench_function("parse/ntp_usg-proto", |b| {
            b.iter(|| {
                slot = Packet::from_bytes(black_box(data));
                black_box(&slot);
            })
        });
        let (p, _) = Packet::from_bytes(data).unwrap();
        let mut r = Ok(0);
        g.bench_function("serialize/ntp_usg-proto", |b| {
            b.iter(|| {
                r = black_box(&p).to_bytes(&mut out);
                black_box((&r, &out));
            })
        });
    }

    // --- rusty_time-core ---
    {
        let mut slot = rusty_time_core::NtpPacket::parse(data);
        g.bench_function("parse/rusty_time-core", |b| {
            b.iter(|| {
                slot = rusty_time_core::NtpPacket::parse(black_box(data));
                black_box(&slot);
            })
        });
        let p = rusty_time_core::NtpPacket::parse(data).unwrap();
        g.bench_function("serialize/rusty_time-core", |b| {
            b.iter(|| {
                black_box(&p).write(&mut out);
                black_box(&out);
            })
        });
    }

    // --- ntp-parser (cannot serialize) ---
    let mut slot = ntp_parser::parse_ntp(data);
    g.bench_function("parse/ntp-parser", |b| {
        b.iter(|| {
            slot = ntp_parser::parse_ntp(black_box(data));
            black_box(&slot);
        })
    });

    // --- ntp 0.5 (serializes by value into a new Vec) ---
    let mut slot = ntp::packet::Packet::try_from(data);
    g.bench_function("parse/ntp 0.5", |b| {
        b.iter(|| {
            slot = ntp::packet::Packet::try_from(black_box(data));
            black_box(&slot);
        })
    });
    g.bench_function("serialize/ntp 0.5", |b| {
        b.iter_batched(
            || ntp::packet::Packet::try_from(data).unwrap(),
            |p| Vec::<u8>::from(black_box(p)),
            criterion::BatchSize::SmallInput,
        )
    });
    g.finish();
}

/// What the ntp-wire rows look at in each item, as the other rows sum
/// the field values they read.
#[inline]
fn wire_sum(walk: ntp_wire::trailer::Trailer<'_>) -> usize {
    use ntp_wire::trailer::TrailerItem;
    let mut sum = 0;
    for item in walk {
        match item {
            Ok(TrailerItem::Field(f)) => sum += f.body().len(),
            Ok(TrailerItem::Mac(m)) => sum += m.key_id() as usize + m.digest().len(),
            Ok(other) => sum += other.len(),
            Err(_) => return usize::MAX,
        }
    }
    sum
}

/// Times `walk` on `packet` if `check` reads it right; else prints why not.
fn walk_row(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    packet: &'static [u8],
    want: &Walk,
    check: fn(&[u8]) -> Option<Walk>,
    timed: impl FnMut(&'static [u8]) -> usize,
) {
    let got = check(packet).unwrap();
    let v = verdict(&got, want);
    // Fields read right and no error: timed (a MAC not identified is noted).
    let usable = got.error.is_none() && got.fields == want.fields;
    println!("correctness {name} {}: {v}", packet.len());
    if usable {
        let mut timed = timed;
        let mut slot = 0usize;
        g.bench_with_input(BenchmarkId::new("walk", name), &packet, |b, &p| {
            b.iter(|| {
                slot = timed(black_box(p));
                black_box(&slot);
            })
        });
    }
}

fn trailers(c: &mut Criterion) {
    for (group, packet, want) in [
        ("fields_136", leak(fields_136()), expected_136()),
        ("fields_1k", leak(fields_1k()), expected_1k()),
    ] {
        let mut g = c.benchmark_group(group);
        g.throughput(Throughput::Bytes(packet.len() as u64));
        // ntp-wire: the typed header parse, then the walk (fields, and the
        // MAC read as a MAC: key id and digest); and the same walk from the
        // zero-copy view, which checks length, version and mode only.
        walk_row(&mut g, "ntp-wire", packet, &want, walk::ntp_wire, |p| {
            use ntp_wire::trailer::Trailer;
            match ntp_wire::Header::from_bytes(p) {
                Ok(h) => {
                    black_box(&h);
                    wire_sum(Trailer::new(p))
                }
                Err(_) => usize::MAX,
            }
        });
        walk_row(
            &mut g,
            "ntp-wire view",
            packet,
            &want,
            walk::ntp_wire,
            |p| match ntp_wire::Packet::new_checked(p) {
                Ok(view) => wire_sum(view.trailer()),
                Err(_) => usize::MAX,
            },
        );
        // The two convenience calls users make instead of the loop: the
        // whole-trailer check (returns the trailer's length) and the MAC
        // lookup (walks to the end, returns the MAC). Each is timed from
        // the view, as the loop above is (issue 12 item 3).
        walk_row(
            &mut g,
            "ntp-wire check()",
            packet,
            &want,
            walk::ntp_wire,
            |p| match ntp_wire::Packet::new_checked(p) {
                Ok(view) => view.trailer().check().unwrap_or(usize::MAX),
                Err(_) => usize::MAX,
            },
        );
        walk_row(
            &mut g,
            "ntp-wire mac()",
            packet,
            &want,
            walk::ntp_wire,
            |p| match ntp_wire::Packet::new_checked(p) {
                Ok(view) => match view.trailer().mac() {
                    Ok(Some(m)) => m.key_id() as usize + m.digest().len(),
                    Ok(None) => 0,
                    Err(_) => usize::MAX,
                },
                Err(_) => usize::MAX,
            },
        );

        walk_row(&mut g, "ntp-proto", packet, &want, walk::ntp_proto, |p| {
            match ntp_proto::NtpPacket::deserialize(p, &ntp_proto::NoCipher) {
                Ok((pkt, _)) => pkt.untrusted_extension_fields().count(),
                Err(_) => usize::MAX,
            }
        });
        walk_row(&mut g, "ntp_usg-proto", packet, &want, walk::usg, |p| {
            use usg_proto::protocol::{FromBytes, Packet};
            match Packet::from_bytes(p) {
                Ok((h, n)) => {
                    black_box(&h);
                    usg_proto::extension::iter_extension_fields(&p[n..])
                        .map(|f| f.map_or(0, |f| f.value.len()))
                        .sum()
                }
                Err(_) => usize::MAX,
            }
        });
        walk_row(
            &mut g,
            "rusty_time-core",
            packet,
            &want,
            walk::rusty_time,
            |p| {
                use rusty_time_core::ntp::{extension_fields, Trailer};
                match rusty_time_core::NtpPacket::parse(p) {
                    Ok(h) => {
                        black_box(&h);
                        extension_fields(p)
                            .map(|t| match t {
                                Trailer::Extension(f) => f.value.len(),
                                Trailer::Opaque(o) => o.len(),
                            })
                            .sum()
                    }
                    Err(_) => usize::MAX,
                }
            },
        );
        walk_row(&mut g, "ntp-parser", packet, &want, walk::ntp_parser, |p| {
            match ntp_parser::parse_ntp(p) {
                Ok((_, ntp_parser::NtpPacket::V4(pkt))) => pkt.extensions.len(),
                _ => usize::MAX,
            }
        });

        // Serialize the whole packet, where a crate can. ntp-wire: the
        // header, then the fields and the MAC read from the packet (borrowed),
        // through `TrailerWriter`.
        let mut out = vec![0u8; packet.len()];
        {
            use ntp_wire::trailer::{Trailer, TrailerItem, TrailerWriter};
            let h = ntp_wire::Header::from_bytes(packet).unwrap();
            let mut fields = Vec::new();
            let mut mac = None;
            for item in Trailer::new(packet) {
                match item.unwrap() {
                    TrailerItem::Field(f) => fields.push((f.field_type(), f.body())),
                    TrailerItem::Mac(m) => mac = Some((m.key_id(), m.digest())),
                    other => panic!("unexpected {other:?}"),
                }
            }
            let write = |out: &mut [u8]| -> ntp_wire::Result<usize> {
                h.emit_slice(out)?;
                let mut w = TrailerWriter::new(out)?;
                for &(kind, body) in &fields {
                    w.field(kind, body)?;
                }
                if let Some((key_id, digest)) = mac {
                    w.mac(key_id, digest)?;
                }
                w.finish()
            };
            let n = write(&mut out).unwrap();
            let same = out[..n] == packet[..];
            println!(
                "correctness ntp-wire {} serialize: identical bytes: {same}",
                packet.len()
            );
            if same {
                let mut n = Ok(0);
                g.bench_function("serialize/ntp-wire", |b| {
                    b.iter(|| {
                        n = write(black_box(&mut out));
                        black_box((&n, &out));
                    })
                });
            }
        }
        let (pkt, _) = ntp_proto::NtpPacket::deserialize(packet, &ntp_proto::NoCipher).unwrap();
        out.fill(0);
        let mut w = Cursor::new(&mut out[..]);
        pkt.serialize(&mut w, &ntp_proto::NoCipher, None).unwrap();
        let written = w.position() as usize;
        let same = out[..written] == packet[..];
        println!(
            "correctness ntp-proto {} serialize: identical bytes: {same}",
            packet.len()
        );
        if same {
            let mut r = Ok(());
            g.bench_function("serialize/ntp-proto", |b| {
                b.iter(|| {
                    let mut w = Cursor::new(&mut out[..]);
                    r = black_box(&pkt).serialize(&mut w, &ntp_proto::NoCipher, None);
                    black_box((&r, &out));
                })
            });
        }
        {
            use usg_proto::extension::{write_extension_fields_buf, ExtensionField};
            use usg_proto::protocol::{FromBytes, Packet, ToBytes};
            let (h, _) = Packet::from_bytes(packet).unwrap();
            let fields: Vec<ExtensionField> =
                usg_proto::extension::iter_extension_fields(&packet[48..])
                    .map_while(Result::ok)
                    .map(|f| ExtensionField {
                        field_type: f.field_type,
                        value: f.value.to_vec(),
                    })
                    .collect();
            let write = |out: &mut [u8]| -> usize {
                let n = h.to_bytes(out).unwrap_or(0);
                n + write_extension_fields_buf(&fields, &mut out[n..]).unwrap_or(0)
            };
            let n = write(&mut out);
            let same = out[..n] == packet[..];
            println!(
                "correctness ntp_usg-proto {} serialize: identical bytes: {same} ({n} octets written)",
                packet.len()
            );
            if same {
                let mut n = 0;
                g.bench_function("serialize/ntp_usg-proto", |b| {
                    b.iter(|| {
                        n = write(black_box(&mut out));
                        black_box((&n, &out));
                    })
                });
            }
        }
        g.finish();
    }
}

criterion_group!(benches, header_48, trailers);
criterion_main!(benches);
