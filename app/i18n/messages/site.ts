// The public website's own words: the layout, home, microneedling, about,
// contact, privacy and error pages. English first, then Canadian French with
// the same keys. `{name}` fills in a value; `<tag>…</tag>` marks a span the
// page wraps in a link or emphasis (see rich() in ../context.tsx).
import { defineMessages } from "../define.ts";

export const site = defineMessages(
  {
    // Layout
    "site.nav.label": "Main",
    "site.nav.microneedling": "Microneedling",
    "site.nav.about": "About us",
    "site.nav.contact": "Contact",
    "site.nav.articles": "Articles",
    "site.nav.book": "Book",
    // The disclosure that holds the navigation on a small screen (the public site and the account).
    "site.nav.menu": "Menu",
    "site.cta.book": "Book a consultation",
    "site.cta.bookFree": "Book a free consultation",
    "site.cta.call": "Or call us at <phone>{phone}</phone>.",
    "site.footer.label": "About this site",
    "site.footer.phone": "Phone: <phone>{phone}</phone>",
    "site.language.other": "Français",
    "site.footer.hours": "Opening hours",
    "site.footer.privacy": "Privacy",
    "site.footer.account": "Your account",
    "site.footer.staff": "Staff sign-in",
    "site.og.imageAlt": "An illustration of skin in soft greens and sand tones, with fine channels and new collagen after microneedling",
    "site.address.country": "Canada",

    // Home
    "site.home.title": "{name} — microneedling in {city}",
    "site.home.description":
      "{name} is a day spa in {city} offering microneedling. Start with a consultation: we look at your skin, go through your health history and plan your treatment with you.",
    "site.home.heading": "Welcome to {name}",
    "site.home.lead":
      "We’re a day spa in {city}. Come in, slow down, and get straightforward advice about your skin from people who take the time to listen.",
    "site.home.readMore": "Read about microneedling",
    "site.home.consultationFacts": "Consultation: {duration} · {price}",
    "site.home.whatItIs.title": "What microneedling is",
    "site.home.whatItIs.text":
      "A device with very fine, sterile needles makes tiny, controlled openings in your skin. Your skin treats them as small injuries to repair, and as it heals it builds fresh collagen, which is why the treatment is also called collagen induction therapy.",
    "site.home.whatItIs.more": "<link>How it works, and what a visit is like</link>",
    "site.home.suits.title": "Who it suits",
    "site.home.suits.text":
      "It may suit you if you’d like to soften fine lines, improve acne scars or stretch marks, or even out your skin’s texture and tone, and you’re happy for change to come gradually over a few visits.",
    "site.home.suits.wait":
      "It isn’t right for everyone: some health conditions, medicines and recent treatments mean waiting or choosing something else. <link>See who should wait, and why</link>.",
    "site.home.suits.check": "<link>Am I a candidate?</link> Answer a few questions and find out in about two minutes.",
    "site.home.first.title": "Your first step",
    "site.home.first.text":
      "Everyone starts with a consultation. A practitioner looks at your skin, listens to what you’d like to change, goes through your health history and medicines with you, and puts together a plan that fits you.",
    "site.home.call": "Prefer to talk it through? Call us at <phone>{phone}</phone>.",

    // Microneedling
    "site.mn.title": "Microneedling: how it works, aftercare and prices — {name}",
    "site.mn.description":
      "Microneedling at {name}: what it does in the skin, the visit step by step, aftercare day by day, who should wait, common questions and current prices.",
    "site.mn.alternateName": "Collagen induction therapy",
    "site.mn.serviceDescription":
      "Microneedling (collagen induction therapy): fine sterile needles make controlled micro-channels in the skin, and its healing builds new collagen. Every treatment starts with a consultation.",
    "site.mn.heading": "Microneedling",
    "site.mn.lead":
      "Microneedling, also known as collagen induction therapy, works with your skin’s own repair process. This page explains how it works, what a visit is like, how to look after your skin afterwards, and how to tell whether it’s right for you at the moment.",
    "site.mn.toc": "On this page",
    "site.mn.how.title": "How it works",
    "site.mn.how.text":
      "A device fitted with very fine, sterile needles makes many tiny, controlled punctures in your skin. Your skin reacts to them as it would to any small injury: it sets about repairing itself. That healing response, rather than the needles, is what gradually changes your skin.",
    "site.mn.skin.title": "What happens in your skin",
    "site.mn.skin.intro": "As your skin heals:",
    "site.mn.skin.collagen": "cells called fibroblasts make new collagen, the protein that keeps skin firm;",
    "site.mn.skin.elastin": "your skin produces more elastin, which helps it spring back;",
    "site.mn.skin.growth": "growth factors are released, signals that coordinate the repair;",
    "site.mn.skin.vessels": "new small blood vessels form (angiogenesis), bringing more blood to the area.",
    "site.mn.diagram.title": "Skin after microneedling",
    "site.mn.diagram.desc":
      "A cross-section of skin in three layers: the thin epidermis on top, the dermis below it, and the fatty hypodermis at the bottom. Fine channels run from the surface into the dermis. Around them, growth factors are released, fibroblasts lay down new collagen, elastin fibres form and a new small blood vessel grows towards the area.",
    "site.mn.diagram.epidermis": "Epidermis",
    "site.mn.diagram.dermis": "Dermis",
    "site.mn.diagram.hypodermis": "Hypodermis",
    "site.mn.diagram.caption": "What the numbers in the picture show:",
    "site.mn.diagram.key1": "Micro-channels: tiny, controlled openings from the surface into the dermis.",
    "site.mn.diagram.key2": "Growth factors: signals released around each channel that start the repair.",
    "site.mn.diagram.key3": "Fibroblasts: cells that lay down fresh collagen fibres.",
    "site.mn.diagram.key4": "Elastin: springy fibres that help skin bounce back.",
    "site.mn.diagram.key5": "Angiogenesis: a new small blood vessel bringing blood to the healing area.",
    "site.mn.help.title": "What it can help with",
    "site.mn.help.intro": "Results differ from person to person, but microneedling is used to:",
    "site.mn.help.lines": "soften fine lines and wrinkles;",
    "site.mn.help.firm": "firm skin that has begun to sag;",
    "site.mn.help.texture": "smooth rough or uneven texture;",
    "site.mn.help.scars": "improve the look of acne scars, surgical scars and stretch marks;",
    "site.mn.help.pores": "make pores look smaller;",
    "site.mn.help.pigment": "fade sun spots, age spots and other dark patches, usually alongside good skin care and sunscreen;",
    "site.mn.help.absorb": "help serums sink in, because skin takes products up more readily for a short time afterwards.",
    "site.mn.help.where": "Where it can be done",
    "site.mn.area.face": "Face",
    "site.mn.area.neck": "Neck",
    "site.mn.area.chest": "Chest",
    "site.mn.area.hands": "Hands",
    "site.mn.area.scalp": "Scalp",
    "site.mn.help.value": "Next to many other anti-ageing treatments it is affordable, and the downtime is short.",
    "site.mn.expect.title": "Realistic expectations",
    "site.mn.expect.text":
      "Microneedling can bring a gradual improvement, but it has limits. It won’t erase deep wrinkles or severe scarring, and no two people respond in exactly the same way. At your consultation we’ll look at your skin together and tell you honestly what you can expect, so your plan starts from what’s achievable for you.",
    "site.mn.visit.title": "Your visit, step by step",
    "site.mn.visit.intro":
      "A treatment session takes about 30 to 60 minutes, depending on the area. It is carried out by a trained skin professional, such as an aesthetician or dermatologist. Microneedling is not a do-it-yourself treatment: in Canada, no microneedling device is authorized for use at home.",
    "site.mn.visit.consult.title": "Consultation",
    "site.mn.visit.consult":
      "Before your first treatment, a practitioner looks at your skin, talks through what you’d like to change, goes over your health history and medicines, and plans your sessions with you.",
    "site.mn.visit.cleanse.title": "Cleansing",
    "site.mn.visit.cleanse": "On the day, the area is cleansed thoroughly and any makeup is removed.",
    "site.mn.visit.numb.title": "Numbing cream, if you wish",
    "site.mn.visit.numb": "A numbing cream can be applied and left on for a while first, to make the treatment more comfortable.",
    "site.mn.visit.treat.title": "The treatment",
    "site.mn.visit.treat":
      "Your practitioner sets the needle depth for each area and for what you’d like to improve. Skin is thinner in some places than others (around the eyes, for example), so the depth changes across your face and body. This part takes 30 to 60 minutes.",
    "site.mn.visit.serum.title": "Serum",
    "site.mn.visit.serum":
      "Straight afterwards, a sterile serum, for example one with hyaluronic acid or growth factors, may be applied while your skin takes it up most readily.",
    "site.mn.visit.after.title": "Aftercare",
    "site.mn.visit.after":
      "Before you leave, we go through how to look after your skin over the next days, and you can call us with any question.",
    "site.mn.after.title": "Aftercare, day by day",
    "site.mn.after.intro":
      "Downtime is usually short. Here is what to expect and what to do. The timings marked as clinic protocols come from the aftercare routines skin clinics publish rather than from trials: they are our cautious default, and your practitioner may adjust them for you. Advice marked as our clinic’s own is a hygiene precaution we ask of everyone, not a finding from studies.",
    "site.mn.after.day0": "The day of your treatment",
    "site.mn.after.day0.expect":
      "Your skin looks red and may feel warm and tight, a bit like a moderate sunburn. Some mild swelling is normal.",
    "site.mn.after.day0.care":
      "Wear sunscreen from the day of your treatment, the one your practitioner applies or recommends, and keep it up every day: a peer-reviewed review advises sun protection for at least the first 48 hours and for the long term, and that is our default. Some clinic protocols instead keep everything but the post-treatment gel off the skin for the first 24 hours and start sunscreen after that; if your practitioner prefers that for you, they will tell you. Either way, stay out of direct sun, with shade and a hat.",
    "site.mn.after.day0.hygiene":
      "Wash your hands before you touch your face, and sleep on a freshly washed pillowcase for the first few nights, to keep germs away from the tiny openings in your skin.",
    "site.mn.after.day0.avoid":
      "Try not to touch the area. No makeup for the first 24 hours, and no strenuous exercise for three days (72 hours).",
    "site.mn.after.day0.water":
      "Stay out of swimming pools, saunas and hot tubs for two to three days (48 to 72 hours), while the skin closes.",
    "site.mn.after.day12": "Days 1 and 2",
    "site.mn.after.day12.expect": "Much of the redness settles within a day.",
    "site.mn.after.day12.care":
      "Once 24 hours have passed, you can wear makeup again. Keep using sunscreen every day, and reapply it when you are outdoors.",
    "site.mn.after.day12.avoid":
      "Leave out retinoids (retinol, tretinoin) and exfoliating acids (AHAs such as glycolic acid, BHAs such as salicylic acid) for now.",
    "site.mn.after.day35": "Days 3 to 5",
    "site.mn.after.day35.expect":
      "Redness is rarely visible after the third day. Your skin may feel a little dry or flaky: a gentle moisturizer helps.",
    "site.mn.after.day35.care": "Once 72 hours have passed, you can exercise again. Keep up the daily sunscreen.",
    "site.mn.after.day35.avoid": "Keep retinoids and exfoliating acids out of your routine until about the sixth day.",
    "site.mn.after.week1": "From the first week on",
    "site.mn.after.week1.expect":
      "Reactions such as redness, swelling and dryness have usually passed within a week. Call us if they last longer or get worse, or if the area becomes more painful, hot or weepy.",
    "site.mn.after.week1.care":
      "Sunscreen stays part of your routine for the long term. New collagen keeps forming over the following weeks, and the next session is usually two to four weeks later.",
    "site.mn.after.expect": "What to expect",
    "site.mn.after.care": "What to do",
    "site.mn.after.avoid": "What to avoid",
    "site.mn.after.basedOn": "Based on",
    "site.mn.after.clinicProtocol": "clinic protocol",
    "site.mn.after.clinicAdvice": "our clinic’s own infection-control advice, not from a study",
    "site.mn.wait.title": "Who should not have microneedling, or should wait",
    "site.mn.wait.intro":
      "Microneedling isn’t right for everyone, or for every moment. Please read this before you book. If something here applies to you, it doesn’t mean you’ve done anything wrong; it just means we plan around it, and sometimes suggest something else.",
    "site.mn.wait.not.title": "Microneedling isn’t suitable for you if:",
    "site.mn.wait.not.bleeding":
      "you have a bleeding disorder, or you take medicine that thins your blood. Please don’t stop a prescribed medicine in order to be treated; any change to it is a conversation for you and your doctor.",
    "site.mn.wait.not.keloid": "you’ve had keloid scars, the raised scars that grow beyond the edges of the original wound.",
    "site.mn.wait.until.title": "Please wait until:",
    "site.mn.wait.until.infection":
      "any infection in the area has cleared, whether bacterial, viral (including a cold sore) or fungal, any open wound or sore has healed, and any acne breakout has settled;",
    "site.mn.wait.until.flare": "a flare of eczema, psoriasis or rosacea in the area is back under control;",
    "site.mn.wait.until.pregnancy":
      "you’re no longer pregnant or breastfeeding. Skin tends to react more during this time, and some numbing creams and serums aren’t considered safe;",
    "site.mn.wait.until.procedures":
      "your skin has fully recovered from a recent chemical peel, laser treatment, filler or wrinkle-relaxing injections. Your practitioner will tell you how long to wait;",
    "site.mn.wait.until.isotretinoin":
      "at least six months have passed since you stopped taking isotretinoin, an oral medicine for severe acne;",
    "site.mn.wait.until.sunburn": "sunburned or irritated skin has completely recovered.",
    "site.mn.wait.talk.title": "We’ll need to talk first if:",
    "site.mn.wait.talk.autoimmune":
      "you have an autoimmune condition such as lupus or scleroderma. Microneedling may not be advisable, and we may ask you to check with your doctor;",
    "site.mn.wait.talk.diabetes":
      "you have diabetes that isn’t well controlled, because it slows healing and raises the risk of infection;",
    "site.mn.wait.talk.medicine": "you take a medicine that slows healing or makes your skin more sensitive;",
    "site.mn.wait.talk.expectations":
      "you’re hoping microneedling will make deep wrinkles or severe scars disappear. It won’t, and we’d rather tell you now than have you disappointed later.",
    "site.mn.wait.medicines.title": "Tell us about every medicine and supplement you take",
    "site.mn.wait.medicines.text":
      "That includes prescriptions, over-the-counter products, vitamins and herbal remedies, even if they seem unrelated. Some of them affect bleeding, healing or how your skin reacts.",
    "site.mn.wait.unsure": "Not sure whether something applies to you? Ask at your consultation, or call us at <phone>{phone}</phone>.",
    "site.mn.wait.check": "Am I a candidate?",
    "site.mn.wait.checkNote": "A few short questions, about two minutes. Your answers aren’t saved unless you book.",
    "site.mn.faq.title": "Common questions",
    "site.mn.faq.pain.q": "Does it hurt?",
    "site.mn.faq.pain.a":
      "A numbing cream can be applied before the treatment to make it more comfortable. Tell your practitioner at any point if it feels like too much: the depth and pace can be adjusted.",
    "site.mn.faq.length.q": "How long does a visit take?",
    "site.mn.faq.length.a":
      "The treatment itself takes about 30 to 60 minutes, depending on the area. Allow a little extra time if you’d like numbing cream first.",
    "site.mn.faq.sessions.q": "How many sessions will I need?",
    "site.mn.faq.sessions.a":
      "Most people have a series of sessions two to four weeks apart; in studies of acne scars, three sessions about four weeks apart was typical. We agree the number with you at your consultation.",
    "site.mn.faq.results.q": "When will I see a difference?",
    "site.mn.faq.results.a":
      "Change comes gradually, because new collagen keeps forming for weeks after each session. It builds over the course of your series rather than overnight.",
    "site.mn.faq.downtime.q": "How much downtime is there?",
    "site.mn.faq.downtime.a":
      "Usually very little. Your skin will be red, like a moderate sunburn, and may be a little swollen; much of it settles within a day, and it is rarely visible after three days. Plan no makeup for the first 24 hours.",
    "site.mn.faq.home.q": "Can I do it myself at home?",
    "site.mn.faq.home.a":
      "No. In Canada, no microneedling device is authorized for use at home; they are authorized for professional use only. Treatment should be done by a trained skin professional.",
    "site.mn.faq.skin.q": "Is it suitable for darker skin?",
    "site.mn.faq.skin.a":
      "Often, yes. In darker skin types microneedling may be gentler than resurfacing treatments such as some lasers, but darker patches can still appear after treatment, so we take extra care with depth, timing and sun protection.",
    "site.mn.faq.cost.q": "What does it cost?",
    "site.mn.faq.cost.freeConsult":
      "The consultation is free. Treatments start at {from} per session; each one is listed with its price on this page.",
    "site.mn.faq.cost.paidConsult":
      "The consultation costs {consultation}. Treatments start at {from} per session; each one is listed with its price on this page.",
    "site.mn.prices.title": "Treatments and prices",
    "site.mn.prices.consultation": "Consultation",
    "site.mn.prices.treatments": "Treatments",
    "site.mn.prices.treatmentsNote": "Treatments follow a consultation.",
    "site.mn.prices.choose": "Choose a time",
    "site.mn.prices.chooseFor": "Choose a time for {service}",
    "site.mn.next.title": "Find out whether it’s right for you",
    "site.mn.next.text":
      "At your consultation, a practitioner looks at your skin, talks through your concerns, goes over your health history and medicines, and builds a treatment plan with you.",
    "site.mn.sources.title": "Sources",
    "site.mn.sources.intro":
      "The clinical statements on this page are based on the sources below. Some are device labelling, manuals or clinic protocols rather than peer-reviewed research, and are labelled that way. Where the evidence is thin, what you read here is our clinic’s cautious default, which your practitioner confirms for you.",
    "site.mn.sources.supports": "Supports: {text}.",
    "site.mn.sources.link": "source {number}",
    "site.mn.kind.review": "peer-reviewed review",
    "site.mn.kind.peer": "peer-reviewed",
    "site.mn.kind.consensus": "peer-reviewed consensus",
    "site.mn.kind.labelling": "device labelling",
    "site.mn.kind.regulator": "regulator",
    "site.mn.kind.manual": "manufacturer’s manual",
    "site.mn.kind.chapter": "book chapter",
    "site.mn.kind.clinic": "clinic protocols, not peer-reviewed",
    "site.mn.src.ref-2": "acne scars; a course of sessions a few weeks apart",
    "site.mn.src.ref-3": "acne scars; people on blood thinners, with keloid scars or active skin disease were left out of the trial",
    "site.mn.src.ref-16": "surgical scars",
    "site.mn.src.ref-8": "fine lines, wrinkles and skin firmness",
    "site.mn.src.ref-9": "wrinkles on the neck",
    "site.mn.src.ref-10": "stretch marks",
    "site.mn.src.ref-1": "enlarged pores as one of the uses",
    "site.mn.src.ref-14":
      "melasma improved when needling was added to a prescription cream and sunscreen, in a pilot study of six women (small, so low certainty)",
    "site.mn.src.ref-13": "thinning hair on the scalp, used together with minoxidil",
    "site.mn.src.ref-46": "skin around the eyes is among the thinnest on the body, so depth differs by area",
    "site.mn.src.ref-37":
      "30 to 60 minutes per session; redness that looks like sunburn, mostly gone within a day and rarely visible after three days; bleeding disorders, pregnancy, isotretinoin and active infection",
    "site.mn.src.ref-20":
      "redness, swelling and dryness are expected and pass within about a week; darker skin and active infection raise the risk of problems",
    "site.mn.src.ref-19":
      "sun protection for at least the first 48 hours after treatment and for the long term; repeat sessions every two to four weeks",
    "site.mn.src.ref-18": "sessions repeated every two to four weeks",
    "site.mn.src.ref-21": "in darker skin types microneedling may be gentler than conventional resurfacing",
    "site.mn.src.ref-39": "no microneedling device is authorized in Canada for use at home",
    "site.mn.src.ref-53":
      "the manufacturer asks for a doctor’s consent before treating skin with an active infection, cold sore, wart or open sore, a rosacea flare with pimples, or scleroderma; it advises against numbing cream during pregnancy or breastfeeding",
    "site.mn.src.ref-54": "a history of keloid scars",
    "site.mn.src.ref-56": "waiting until sunburned skin has recovered",
    "site.mn.src.ref-25": "isotretinoin: the evidence on how long to wait is limited, so the six-month wait is our cautious default",
    "site.mn.src.ref-52":
      "diabetes that isn’t well controlled; waiting after peels, laser and injections; the aftercare timings (no makeup for 24 hours, some protocols also holding sunscreen for that day; no strenuous exercise for 72 hours; no retinoids or acids for about six days)",
    "site.mn.cite.ref-52": "Published pre- and aftercare instructions of three skin clinics.",
    "site.mn.cite.ref-53": "Dermapen 4 user manual, section 10.",
    "site.mn.cite.ref-37": "SkinPen device labelling: contraindications and consent text (secondary copy).",
    "site.mn.cite.ref-39": "Health Canada advisory on microneedling devices, 16 December 2021.",
    "site.mn.cite.ref-46": "“Skin thickness of Korean adults.” Surg Radiol Anat (attributed to Lee and Hwang, 2002; not verified).",
    "site.mn.cite.ref-54": "“Applications and Safety in Skin of Color” (book chapter).",
    "site.mn.cite.ref-56": "“63 Microneedling” (book chapter).",

    // About
    "site.about.title": "About us — {name}",
    "site.about.description":
      "Who we are at {name} in {city}: the practitioners who will look after you, how we work, and how we keep microneedling safe.",
    "site.about.heading": "About {name}",
    "site.about.lead": "A day spa in {city} where microneedling starts with a conversation, not a sales pitch.",
    "site.about.spa.title": "The spa",
    "site.about.spa.text":
      "{name} is a day spa in {city}, {region}. We offer microneedling, also called collagen induction therapy, to people who would like gradual, natural-looking change in their skin, and we take the time to explain what it can and can’t do.",
    "site.about.team.title": "Who will look after you",
    "site.about.team.intro": "Every treatment is carried out by a trained skin professional from our team.",
    "site.about.team.empty": "When you book, we’ll tell you who will look after you.",
    "site.about.approach.title": "How we work",
    "site.about.approach.consult.title": "A consultation first, always",
    "site.about.approach.consult":
      "Before anything is planned, we look at your skin, listen to what you’d like to change, and go through your health history and medicines with you.",
    "site.about.approach.checks.title": "Safety checks before every session",
    "site.about.approach.checks":
      "Some conditions, medicines and recent treatments mean waiting or choosing something else. We check again on the day of each session, because things change.",
    "site.about.approach.depth.title": "Sterile needles, the right depth",
    "site.about.approach.depth":
      "The needles are sterile, and the depth is set for each area: skin around the eyes is much thinner than on the cheeks or neck.",
    "site.about.approach.honest.title": "Honest expectations",
    "site.about.approach.honest":
      "Microneedling brings gradual improvement. It won’t erase deep wrinkles or severe scars, and we’ll tell you so before you spend anything.",
    "site.about.approach.privacy.title": "Your information stays private",
    "site.about.approach.privacy":
      "Your health information is kept under Ontario’s health privacy law, seen only by the people who care for you. <link>How we protect it</link>.",
    "site.about.find": "Where to find us and when we’re open: <link>address, phone and opening hours</link>.",

    // Contact
    "site.contact.title": "Contact and opening hours — {name}",
    "site.contact.description":
      "Address, phone, e-mail and opening hours of {name} in {city}. Call or write with a question, or book a consultation online.",
    "site.contact.heading": "Contact us",
    "site.contact.lead": "A question about microneedling, or not sure whether it’s right for you? Call or write: we’re glad to help.",
    "site.contact.details": "Address, phone and e-mail",
    "site.contact.address": "Address",
    "site.contact.phone": "Phone",
    "site.contact.email": "E-mail",
    "site.contact.hours.title": "Opening hours",
    "site.contact.hours.caption": "Opening hours ({zone})",
    "site.contact.hours.day": "Day",
    "site.contact.hours.open": "Hours",
    "site.contact.hours.closed": "Closed",
    "site.contact.hours.interval": "{start} to {end}",
    "site.contact.hours.none": "Call us to arrange a time.",
    "site.contact.hours.note": "Times are {zone}. These are the hours our practitioners see clients; you can book online at any time.",
    "site.contact.find.title": "How to find us",
    "site.contact.find.street": "We’re at {street}, {city}. <map>See it on a map</map>, or call us if you’d like directions.",
    "site.contact.find.city": "We’re in {city}, {region}. Call us if you’d like directions, or <map>see the area on a map</map>.",
    "site.contact.next.title": "Ready when you are",
    "site.contact.next.text": "The first step is a consultation: a practitioner looks at your skin with you and plans what fits.",

    // Privacy
    "site.privacy.title": "Privacy — {name}",
    "site.privacy.description": "How {name} keeps your personal and health information, who can see it, and your rights.",
    "site.privacy.heading": "Your privacy",
    "site.privacy.lead":
      "{name} is responsible for the personal and health information you share with us. Ontario’s health privacy law (the Personal Health Information Protection Act, PHIPA) sets the rules we follow. Here they are in plain words.",
    "site.privacy.keep.title": "What we keep, and why",
    "site.privacy.keep.contact": "Your name, e-mail and phone number, to book your appointments and reach you about them.",
    "site.privacy.keep.health":
      "What you tell us about your health, medicines and skin, and what we note at your visits, so we can decide whether a treatment is safe for you and plan it well.",
    "site.privacy.keep.appointments": "Your appointments: what was booked, when, and with whom.",
    "site.privacy.keep.noSale": "We do not sell your information, and we do not use it for advertising.",
    "site.privacy.see.title": "Who can see it",
    "site.privacy.see.practitioners":
      "Your health information is seen by the practitioners who care for you. Front-desk staff see your contact details and appointments, not your health information.",
    "site.privacy.see.reason":
      "If someone else at the clinic ever needs to open your record, for example in an emergency, they must give a reason, and that is recorded.",
    "site.privacy.see.log":
      "Every time anyone opens, changes, downloads or prints your health record, we record who, when and what. You can see that list yourself.",
    "site.privacy.see.named": "You can ask us to let only named staff members see your record.",
    "site.privacy.protect.title": "How we protect it",
    "site.privacy.protect.encrypted": "Health information is encrypted where it is stored, and the connection to this site is encrypted.",
    "site.privacy.protect.signIn": "Staff sign in with their own account; owners and managers also use a code from a phone app.",
    "site.privacy.protect.email":
      "Our e-mails never contain health information: they link to your account instead, and our system logs never record it.",
    "site.privacy.rights.title": "Your rights",
    "site.privacy.rights.copy":
      "See your record and download a copy, in a plain format and in FHIR, the standard format health software uses.",
    "site.privacy.rights.correct": "Ask us to correct anything that is wrong.",
    "site.privacy.rights.who": "See who has looked at your record.",
    "site.privacy.rights.consent": "Withdraw or limit your consent to how we use your information, where the law allows.",
    "site.privacy.rights.how":
      "Sign in to <account>your account</account> with your e-mail to do these yourself, or ask us at <phone>{phone}</phone>.",
    "site.privacy.questions.title": "Questions or complaints",
    "site.privacy.questions.text":
      "Talk to us first: call {phone} or write to <email>{email}</email>. If you are not satisfied, you can complain to the Information and Privacy Commissioner of Ontario.",
  },
  {
    // Mise en page
    "site.nav.label": "Principal",
    "site.nav.microneedling": "Microneedling",
    "site.nav.about": "À propos",
    "site.nav.contact": "Nous joindre",
    "site.nav.articles": "Articles",
    "site.nav.book": "Réserver",
    "site.nav.menu": "Menu",
    "site.cta.book": "Réserver une consultation",
    "site.cta.bookFree": "Réserver une consultation gratuite",
    "site.cta.call": "Ou appelez-nous au <phone>{phone}</phone>.",
    "site.footer.label": "À propos de ce site",
    "site.footer.phone": "Téléphone : <phone>{phone}</phone>",
    "site.language.other": "English",
    "site.footer.hours": "Heures d’ouverture",
    "site.footer.privacy": "Confidentialité",
    "site.footer.account": "Votre compte",
    "site.footer.staff": "Connexion du personnel",
    "site.og.imageAlt":
      "Illustration de la peau dans des tons de vert doux et de sable, avec de fins canaux et du nouveau collagène après le microneedling",
    "site.address.country": "Canada",

    // Accueil
    "site.home.title": "{name} — soins de microneedling à {city}",
    "site.home.description":
      "{name} est un spa de jour à {city} qui offre le microneedling. Tout commence par une consultation : nous examinons votre peau, passons en revue vos antécédents de santé et planifions vos soins avec vous.",
    "site.home.heading": "Bienvenue chez {name}",
    "site.home.lead":
      "Nous sommes un spa de jour à {city}. Venez prendre une pause et recevoir des conseils francs sur votre peau, de la part de gens qui prennent le temps de vous écouter.",
    "site.home.readMore": "En savoir plus sur le microneedling",
    "site.home.consultationFacts": "Consultation : {duration} · {price}",
    "site.home.whatItIs.title": "Le microneedling, qu’est-ce que c’est?",
    "site.home.whatItIs.text":
      "Un appareil muni d’aiguilles très fines et stériles crée dans la peau de minuscules ouvertures contrôlées. Votre peau les traite comme de petites blessures à réparer et, en guérissant, elle fabrique du nouveau collagène. C’est pourquoi on l’appelle aussi thérapie par induction de collagène.",
    "site.home.whatItIs.more": "<link>Comment il agit et comment se passe une visite</link>",
    "site.home.suits.title": "À qui il convient",
    "site.home.suits.text":
      "Il peut vous convenir si vous souhaitez atténuer des ridules, améliorer l’apparence de cicatrices d’acné ou de vergetures, ou unifier la texture et le teint de votre peau, et que vous acceptez que le changement vienne graduellement, au fil de quelques séances.",
    "site.home.suits.wait":
      "Il ne convient pas à tout le monde : certains problèmes de santé, médicaments ou soins récents obligent à attendre ou à choisir autre chose. <link>Voyez qui devrait attendre, et pourquoi</link>.",
    "site.home.suits.check":
      "<link>Suis-je un bon candidat?</link> Répondez à quelques questions et obtenez une réponse en deux minutes environ.",
    "site.home.first.title": "Votre première étape",
    "site.home.first.text":
      "Tout le monde commence par une consultation. Un membre de notre équipe examine votre peau, écoute ce que vous aimeriez changer, passe en revue avec vous vos antécédents de santé et vos médicaments, puis établit un plan qui vous convient.",
    "site.home.call": "Vous préférez en parler? Appelez-nous au <phone>{phone}</phone>.",

    // Microneedling
    "site.mn.title": "Microneedling : fonctionnement, soins après traitement et prix — {name}",
    "site.mn.description":
      "Le microneedling chez {name} : son effet sur la peau, la visite étape par étape, les soins jour après jour, qui devrait attendre, les questions fréquentes et les prix.",
    "site.mn.alternateName": "Thérapie par induction de collagène",
    "site.mn.serviceDescription":
      "Microneedling (thérapie par induction de collagène) : de fines aiguilles stériles créent dans la peau des microcanaux contrôlés, et sa guérison produit du nouveau collagène. Chaque traitement commence par une consultation.",
    "site.mn.heading": "Le microneedling",
    "site.mn.lead":
      "Le microneedling, aussi appelé microponction ou thérapie par induction de collagène, s’appuie sur le processus naturel de réparation de la peau. Cette page explique comment il fonctionne, comment se passe une visite, comment prendre soin de votre peau ensuite et comment savoir s’il vous convient en ce moment.",
    "site.mn.toc": "Sur cette page",
    "site.mn.how.title": "Comment ça fonctionne",
    "site.mn.how.text":
      "Un appareil muni d’aiguilles très fines et stériles fait une multitude de minuscules piqûres contrôlées dans la peau. Votre peau y réagit comme à toute petite blessure : elle se met à se réparer. C’est cette réaction de guérison, plus que les aiguilles elles-mêmes, qui transforme peu à peu votre peau.",
    "site.mn.skin.title": "Ce qui se passe dans votre peau",
    "site.mn.skin.intro": "Pendant que votre peau guérit :",
    "site.mn.skin.collagen": "des cellules appelées fibroblastes fabriquent du nouveau collagène, la protéine qui garde la peau ferme;",
    "site.mn.skin.elastin": "votre peau produit davantage d’élastine, qui l’aide à retrouver sa souplesse;",
    "site.mn.skin.growth": "des facteurs de croissance sont libérés : ce sont des signaux qui coordonnent la réparation;",
    "site.mn.skin.vessels": "de nouveaux petits vaisseaux sanguins se forment (angiogenèse) et irriguent mieux la zone.",
    "site.mn.diagram.title": "La peau après le microneedling",
    "site.mn.diagram.desc":
      "Coupe de la peau en trois couches : l’épiderme, mince, en surface; le derme en dessous; et l’hypoderme, riche en graisse, tout en bas. De fins canaux descendent de la surface jusque dans le derme. Autour d’eux, des facteurs de croissance sont libérés, des fibroblastes produisent du nouveau collagène, des fibres d’élastine se forment et un nouveau petit vaisseau sanguin pousse vers la zone.",
    "site.mn.diagram.epidermis": "Épiderme",
    "site.mn.diagram.dermis": "Derme",
    "site.mn.diagram.hypodermis": "Hypoderme",
    "site.mn.diagram.caption": "Ce que montrent les chiffres de l’illustration :",
    "site.mn.diagram.key1": "Microcanaux : de minuscules ouvertures contrôlées, de la surface jusqu’au derme.",
    "site.mn.diagram.key2": "Facteurs de croissance : des signaux libérés autour de chaque canal, qui lancent la réparation.",
    "site.mn.diagram.key3": "Fibroblastes : des cellules qui produisent de nouvelles fibres de collagène.",
    "site.mn.diagram.key4": "Élastine : des fibres souples qui aident la peau à reprendre sa forme.",
    "site.mn.diagram.key5": "Angiogenèse : un nouveau petit vaisseau sanguin qui irrigue la zone en guérison.",
    "site.mn.help.title": "Ce qu’il peut améliorer",
    "site.mn.help.intro": "Les résultats varient d’une personne à l’autre, mais le microneedling sert à :",
    "site.mn.help.lines": "atténuer les ridules et les rides;",
    "site.mn.help.firm": "raffermir une peau qui commence à se relâcher;",
    "site.mn.help.texture": "lisser une texture rugueuse ou inégale;",
    "site.mn.help.scars": "améliorer l’apparence des cicatrices d’acné, des cicatrices chirurgicales et des vergetures;",
    "site.mn.help.pores": "rendre les pores moins visibles;",
    "site.mn.help.pigment":
      "estomper les taches solaires, les taches de vieillesse et d’autres taches pigmentaires, habituellement avec de bons soins de la peau et un écran solaire;",
    "site.mn.help.absorb":
      "aider les sérums à mieux pénétrer, car la peau absorbe plus facilement les produits pendant un court moment après le traitement.",
    "site.mn.help.where": "Zones traitées",
    "site.mn.area.face": "Visage",
    "site.mn.area.neck": "Cou",
    "site.mn.area.chest": "Décolleté",
    "site.mn.area.hands": "Mains",
    "site.mn.area.scalp": "Cuir chevelu",
    "site.mn.help.value": "Comparé à bien d’autres soins antiâge, il est abordable, et le temps de récupération est court.",
    "site.mn.expect.title": "Des attentes réalistes",
    "site.mn.expect.text":
      "Le microneedling peut apporter une amélioration graduelle, mais il a ses limites. Il n’effacera pas les rides profondes ni les cicatrices importantes, et chaque personne réagit à sa façon. Lors de votre consultation, nous examinerons votre peau ensemble et vous dirons franchement à quoi vous attendre, pour que votre plan parte de ce qui est réaliste pour vous.",
    "site.mn.visit.title": "Votre visite, étape par étape",
    "site.mn.visit.intro":
      "Une séance de traitement dure de 30 à 60 minutes environ, selon la zone. Elle est effectuée par une professionnelle ou un professionnel des soins de la peau formé, comme une esthéticienne ou un dermatologue. Le microneedling ne se fait pas soi-même : au Canada, aucun appareil de microneedling n’est autorisé pour un usage à domicile.",
    "site.mn.visit.consult.title": "Consultation",
    "site.mn.visit.consult":
      "Avant votre premier traitement, un membre de notre équipe examine votre peau, discute de ce que vous aimeriez changer, passe en revue vos antécédents de santé et vos médicaments, et planifie vos séances avec vous.",
    "site.mn.visit.cleanse.title": "Nettoyage",
    "site.mn.visit.cleanse": "Le jour du traitement, la zone est soigneusement nettoyée et tout maquillage est retiré.",
    "site.mn.visit.numb.title": "Crème anesthésiante, si vous le souhaitez",
    "site.mn.visit.numb":
      "Une crème anesthésiante peut être appliquée et laissée en place un moment avant de commencer, pour rendre le traitement plus confortable.",
    "site.mn.visit.treat.title": "Le traitement",
    "site.mn.visit.treat":
      "La profondeur des aiguilles est réglée selon chaque zone et selon ce que vous souhaitez améliorer. La peau est plus mince à certains endroits (autour des yeux, par exemple), alors la profondeur change d’une zone à l’autre du visage et du corps. Cette étape dure de 30 à 60 minutes.",
    "site.mn.visit.serum.title": "Sérum",
    "site.mn.visit.serum":
      "Tout de suite après, un sérum stérile, par exemple à l’acide hyaluronique ou aux facteurs de croissance, peut être appliqué pendant que la peau l’absorbe le mieux.",
    "site.mn.visit.after.title": "Soins après le traitement",
    "site.mn.visit.after":
      "Avant votre départ, nous passons en revue avec vous les soins à donner à votre peau les jours suivants, et vous pouvez nous appeler pour toute question.",
    "site.mn.after.title": "Soins après le traitement, jour après jour",
    "site.mn.after.intro":
      "Le temps de récupération est habituellement court. Voici à quoi vous attendre et quoi faire. Les délais marqués « protocole de clinique » viennent des routines de soins que publient des cliniques de la peau plutôt que d’études cliniques : ce sont nos valeurs prudentes par défaut, et votre praticienne ou praticien peut les adapter pour vous. Les conseils marqués comme ceux de notre clinique sont une précaution d’hygiène que nous demandons à tout le monde, pas un résultat d’études.",
    "site.mn.after.day0": "Le jour du traitement",
    "site.mn.after.day0.expect":
      "Votre peau est rouge et peut sembler chaude et tendue, un peu comme après un coup de soleil modéré. Une légère enflure est normale.",
    "site.mn.after.day0.care":
      "Portez un écran solaire dès le jour du traitement, celui que votre praticienne ou praticien applique ou vous recommande, et continuez chaque jour : une revue évaluée par les pairs conseille de protéger la peau du soleil pendant au moins les 48 premières heures, puis à long terme, et c’est notre façon de faire par défaut. Certains protocoles de cliniques ne laissent rien d’autre que le gel d’après-traitement sur la peau pendant les 24 premières heures et commencent l’écran solaire ensuite; si votre praticienne ou praticien préfère cette façon de faire pour vous, on vous le dira. Dans les deux cas, évitez le soleil direct : restez à l’ombre et portez un chapeau.",
    "site.mn.after.day0.hygiene":
      "Lavez-vous les mains avant de toucher votre visage, et dormez sur une taie d’oreiller fraîchement lavée les premières nuits, pour garder les microbes loin des minuscules ouvertures de la peau.",
    "site.mn.after.day0.avoid":
      "Évitez de toucher la zone. Pas de maquillage pendant les 24 premières heures, et pas d’exercice intense pendant trois jours (72 heures).",
    "site.mn.after.day0.water":
      "Évitez les piscines, les saunas et les spas (bains à remous) pendant deux à trois jours (48 à 72 heures), le temps que la peau se referme.",
    "site.mn.after.day12": "Jours 1 et 2",
    "site.mn.after.day12.expect": "Une bonne partie de la rougeur disparaît en une journée.",
    "site.mn.after.day12.care":
      "Après 24 heures, vous pouvez vous maquiller de nouveau. Continuez d’appliquer un écran solaire chaque jour, et renouvelez-le quand vous êtes à l’extérieur.",
    "site.mn.after.day12.avoid":
      "Laissez de côté pour l’instant les rétinoïdes (rétinol, trétinoïne) et les acides exfoliants (AHA comme l’acide glycolique, BHA comme l’acide salicylique).",
    "site.mn.after.day35": "Jours 3 à 5",
    "site.mn.after.day35.expect":
      "La rougeur est rarement visible après le troisième jour. Votre peau peut sembler un peu sèche ou peler légèrement : une crème hydratante douce aide.",
    "site.mn.after.day35.care": "Après 72 heures, vous pouvez reprendre l’exercice. Continuez l’écran solaire chaque jour.",
    "site.mn.after.day35.avoid": "Gardez les rétinoïdes et les acides exfoliants hors de votre routine jusqu’au sixième jour environ.",
    "site.mn.after.week1": "À partir de la première semaine",
    "site.mn.after.week1.expect":
      "Les réactions comme la rougeur, l’enflure et la sécheresse disparaissent habituellement en une semaine. Appelez-nous si elles durent plus longtemps ou s’aggravent, ou si la zone devient plus douloureuse, chaude ou suintante.",
    "site.mn.after.week1.care":
      "L’écran solaire reste dans votre routine à long terme. Le nouveau collagène continue de se former pendant les semaines suivantes, et la séance suivante a habituellement lieu deux à quatre semaines plus tard.",
    "site.mn.after.expect": "À quoi vous attendre",
    "site.mn.after.care": "Quoi faire",
    "site.mn.after.avoid": "Quoi éviter",
    "site.mn.after.basedOn": "Sources",
    "site.mn.after.clinicProtocol": "protocole de clinique",
    "site.mn.after.clinicAdvice": "conseil de prévention des infections de notre clinique, non tiré d’une étude",
    "site.mn.wait.title": "Qui ne devrait pas recevoir de microneedling, ou devrait attendre",
    "site.mn.wait.intro":
      "Le microneedling ne convient pas à tout le monde ni à tout moment. Veuillez lire ce qui suit avant de réserver. Si un point vous concerne, cela ne veut pas dire que vous avez fait quelque chose de mal : nous planifions simplement en conséquence, et nous proposons parfois autre chose.",
    "site.mn.wait.not.title": "Le microneedling ne vous convient pas si :",
    "site.mn.wait.not.bleeding":
      "vous avez un trouble de la coagulation, ou vous prenez un médicament qui éclaircit le sang. N’arrêtez pas un médicament prescrit pour pouvoir être traité : toute modification se discute entre vous et votre médecin.",
    "site.mn.wait.not.keloid":
      "vous avez déjà eu des chéloïdes, ces cicatrices en relief qui s’étendent au-delà des bords de la plaie d’origine.",
    "site.mn.wait.until.title": "Veuillez attendre :",
    "site.mn.wait.until.infection":
      "que toute infection dans la zone soit guérie, qu’elle soit bactérienne, virale (y compris un feu sauvage) ou fongique, que toute plaie ou lésion ouverte soit cicatrisée et que toute poussée d’acné se soit calmée;",
    "site.mn.wait.until.flare": "qu’une poussée d’eczéma, de psoriasis ou de rosacée dans la zone soit de nouveau maîtrisée;",
    "site.mn.wait.until.pregnancy":
      "de ne plus être enceinte ni allaiter. La peau réagit souvent davantage pendant cette période, et certaines crèmes anesthésiantes et certains sérums ne sont pas considérés comme sûrs;",
    "site.mn.wait.until.procedures":
      "que votre peau soit complètement remise d’un peeling chimique, d’un traitement au laser, d’une injection d’agent de comblement ou d’une injection antirides récents. On vous dira combien de temps attendre;",
    "site.mn.wait.until.isotretinoin":
      "qu’au moins six mois se soient écoulés depuis l’arrêt de l’isotrétinoïne, un médicament oral contre l’acné sévère;",
    "site.mn.wait.until.sunburn": "qu’une peau brûlée par le soleil ou irritée soit complètement rétablie.",
    "site.mn.wait.talk.title": "Nous devrons d’abord en parler si :",
    "site.mn.wait.talk.autoimmune":
      "vous avez une maladie auto-immune comme le lupus ou la sclérodermie. Le microneedling pourrait être déconseillé, et nous pourrions vous demander d’en parler à votre médecin;",
    "site.mn.wait.talk.diabetes": "vous avez un diabète mal maîtrisé, qui ralentit la guérison et augmente le risque d’infection;",
    "site.mn.wait.talk.medicine": "vous prenez un médicament qui ralentit la guérison ou rend la peau plus sensible;",
    "site.mn.wait.talk.expectations":
      "vous espérez que le microneedling fasse disparaître des rides profondes ou des cicatrices importantes. Ce ne sera pas le cas, et nous préférons vous le dire maintenant plutôt que de vous décevoir plus tard.",
    "site.mn.wait.medicines.title": "Parlez-nous de tous les médicaments et suppléments que vous prenez",
    "site.mn.wait.medicines.text":
      "Cela comprend les médicaments sur ordonnance, les produits en vente libre, les vitamines et les produits naturels, même s’ils semblent sans rapport. Certains influencent les saignements, la guérison ou la réaction de la peau.",
    "site.mn.wait.unsure":
      "Vous ne savez pas si un point vous concerne? Posez la question lors de votre consultation, ou appelez-nous au <phone>{phone}</phone>.",
    "site.mn.wait.check": "Suis-je un bon candidat?",
    "site.mn.wait.checkNote":
      "Quelques courtes questions, environ deux minutes. Vos réponses ne sont pas enregistrées, sauf si vous réservez.",
    "site.mn.faq.title": "Questions fréquentes",
    "site.mn.faq.pain.q": "Est-ce douloureux?",
    "site.mn.faq.pain.a":
      "Une crème anesthésiante peut être appliquée avant le traitement pour le rendre plus confortable. Dites-le à tout moment si c’est trop intense : la profondeur et le rythme peuvent être ajustés.",
    "site.mn.faq.length.q": "Combien de temps dure une visite?",
    "site.mn.faq.length.a":
      "Le traitement lui-même dure de 30 à 60 minutes environ, selon la zone. Prévoyez un peu plus de temps si vous souhaitez d’abord une crème anesthésiante.",
    "site.mn.faq.sessions.q": "Combien de séances me faudra-t-il?",
    "site.mn.faq.sessions.a":
      "La plupart des gens suivent une série de séances espacées de deux à quatre semaines; dans les études sur les cicatrices d’acné, trois séances à environ quatre semaines d’intervalle étaient typiques. Nous convenons du nombre avec vous lors de la consultation.",
    "site.mn.faq.results.q": "Quand verrai-je une différence?",
    "site.mn.faq.results.a":
      "Le changement est graduel, car le nouveau collagène continue de se former pendant des semaines après chaque séance. Il s’installe au fil de votre série de séances, pas du jour au lendemain.",
    "site.mn.faq.downtime.q": "Faut-il prévoir un temps de récupération?",
    "site.mn.faq.downtime.a":
      "Habituellement très peu. Votre peau sera rouge, comme après un coup de soleil modéré, et un peu enflée; une bonne partie de la rougeur disparaît en une journée, et elle est rarement visible après trois jours. Prévoyez de ne pas vous maquiller pendant les 24 premières heures.",
    "site.mn.faq.home.q": "Puis-je le faire moi-même à la maison?",
    "site.mn.faq.home.a":
      "Non. Au Canada, aucun appareil de microneedling n’est autorisé pour un usage à domicile : ils ne sont autorisés que pour un usage professionnel. Le traitement doit être fait par une professionnelle ou un professionnel des soins de la peau formé.",
    "site.mn.faq.skin.q": "Convient-il aux peaux foncées?",
    "site.mn.faq.skin.a":
      "Souvent, oui. Sur les peaux foncées, le microneedling peut être plus doux que des traitements de resurfaçage comme certains lasers, mais des taches plus foncées peuvent tout de même apparaître après le traitement. Nous portons donc une attention particulière à la profondeur, au moment choisi et à la protection solaire.",
    "site.mn.faq.cost.q": "Combien ça coûte?",
    "site.mn.faq.cost.freeConsult":
      "La consultation est gratuite. Les traitements commencent à {from} par séance; chacun est présenté avec son prix sur cette page.",
    "site.mn.faq.cost.paidConsult":
      "La consultation coûte {consultation}. Les traitements commencent à {from} par séance; chacun est présenté avec son prix sur cette page.",
    "site.mn.prices.title": "Soins et prix",
    "site.mn.prices.consultation": "Consultation",
    "site.mn.prices.treatments": "Traitements",
    "site.mn.prices.treatmentsNote": "Les traitements suivent une consultation.",
    "site.mn.prices.choose": "Choisir une heure",
    "site.mn.prices.chooseFor": "Choisir une heure pour {service}",
    "site.mn.next.title": "Découvrez s’il vous convient",
    "site.mn.next.text":
      "Lors de votre consultation, un membre de notre équipe examine votre peau, discute de vos préoccupations, passe en revue vos antécédents de santé et vos médicaments, et établit avec vous un plan de traitement.",
    "site.mn.sources.title": "Sources",
    "site.mn.sources.intro":
      "Les renseignements cliniques de cette page s’appuient sur les sources ci-dessous. Certaines sont des étiquetages d’appareils, des manuels ou des protocoles de cliniques plutôt que des recherches évaluées par les pairs, et elles sont indiquées comme telles. Là où les données sont minces, ce que vous lisez ici est la valeur prudente que notre clinique applique par défaut, et que votre praticienne ou praticien confirme pour vous.",
    "site.mn.sources.supports": "À l’appui de : {text}.",
    "site.mn.sources.link": "source {number}",
    "site.mn.kind.review": "revue évaluée par les pairs",
    "site.mn.kind.peer": "évalué par les pairs",
    "site.mn.kind.consensus": "consensus évalué par les pairs",
    "site.mn.kind.labelling": "étiquetage de l’appareil",
    "site.mn.kind.regulator": "organisme de réglementation",
    "site.mn.kind.manual": "manuel du fabricant",
    "site.mn.kind.chapter": "chapitre de livre",
    "site.mn.kind.clinic": "protocoles de cliniques, non évalués par les pairs",
    "site.mn.src.ref-2": "cicatrices d’acné; une série de séances à quelques semaines d’intervalle",
    "site.mn.src.ref-3":
      "cicatrices d’acné; les personnes sous anticoagulants, ayant des chéloïdes ou une maladie de peau active ont été exclues de l’essai",
    "site.mn.src.ref-16": "cicatrices chirurgicales",
    "site.mn.src.ref-8": "ridules, rides et fermeté de la peau",
    "site.mn.src.ref-9": "rides du cou",
    "site.mn.src.ref-10": "vergetures",
    "site.mn.src.ref-1": "pores dilatés, parmi les usages",
    "site.mn.src.ref-14":
      "le mélasma s’est atténué quand le microneedling s’ajoutait à une crème sur ordonnance et à un écran solaire, dans une étude pilote auprès de six femmes (petite, donc de faible certitude)",
    "site.mn.src.ref-13": "cheveux clairsemés sur le cuir chevelu, avec du minoxidil",
    "site.mn.src.ref-46": "la peau autour des yeux est parmi les plus minces du corps, d’où une profondeur différente selon la zone",
    "site.mn.src.ref-37":
      "de 30 à 60 minutes par séance; une rougeur semblable à un coup de soleil, presque disparue en une journée et rarement visible après trois jours; troubles de la coagulation, grossesse, isotrétinoïne et infection active",
    "site.mn.src.ref-20":
      "rougeur, enflure et sécheresse sont attendues et disparaissent en une semaine environ; une peau foncée et une infection active augmentent le risque de complications",
    "site.mn.src.ref-19":
      "protection solaire pendant au moins les 48 premières heures après le traitement, puis à long terme; séances répétées toutes les deux à quatre semaines",
    "site.mn.src.ref-18": "séances répétées toutes les deux à quatre semaines",
    "site.mn.src.ref-21": "sur les peaux foncées, le microneedling peut être plus doux que le resurfaçage classique",
    "site.mn.src.ref-39": "aucun appareil de microneedling n’est autorisé au Canada pour un usage à domicile",
    "site.mn.src.ref-53":
      "le fabricant demande l’accord d’un médecin avant de traiter une peau qui présente une infection active, un feu sauvage, une verrue ou une plaie ouverte, une poussée de rosacée avec boutons, ou une sclérodermie; il déconseille la crème anesthésiante pendant la grossesse et l’allaitement",
    "site.mn.src.ref-54": "antécédents de chéloïdes",
    "site.mn.src.ref-56": "attendre qu’une peau brûlée par le soleil soit rétablie",
    "site.mn.src.ref-25":
      "isotrétinoïne : les données sur le délai d’attente sont limitées, alors l’attente de six mois est notre valeur prudente par défaut",
    "site.mn.src.ref-52":
      "diabète mal maîtrisé; attente après un peeling, un laser ou des injections; les délais des soins après traitement (pas de maquillage pendant 24 heures, certains protocoles retardant aussi l’écran solaire ce jour-là; pas d’exercice intense pendant 72 heures; ni rétinoïdes ni acides pendant environ six jours)",
    "site.mn.cite.ref-52": "Instructions de soins avant et après traitement publiées par trois cliniques de la peau.",
    "site.mn.cite.ref-53": "Manuel d’utilisation du Dermapen 4, section 10.",
    "site.mn.cite.ref-37": "Étiquetage de l’appareil SkinPen : contre-indications et texte de consentement (copie secondaire).",
    "site.mn.cite.ref-39": "Avis de Santé Canada sur les appareils de microneedling, 16 décembre 2021.",
    "site.mn.cite.ref-46": "« Skin thickness of Korean adults. » Surg Radiol Anat (attribué à Lee et Hwang, 2002; non vérifié).",
    "site.mn.cite.ref-54": "« Applications and Safety in Skin of Color » (chapitre de livre).",
    "site.mn.cite.ref-56": "« 63 Microneedling » (chapitre de livre).",

    // À propos
    "site.about.title": "À propos de nous — {name}",
    "site.about.description":
      "Qui nous sommes chez {name}, à {city} : l’équipe qui prendra soin de vous, notre façon de travailler et nos précautions pour un microneedling sécuritaire.",
    "site.about.heading": "À propos de {name}",
    "site.about.lead": "Un spa de jour à {city} où le microneedling commence par une conversation, pas par un argumentaire de vente.",
    "site.about.spa.title": "Le spa",
    "site.about.spa.text":
      "{name} est un spa de jour situé à {city} ({region}). Nous offrons le microneedling, aussi appelé thérapie par induction de collagène, aux personnes qui souhaitent un changement graduel et naturel de leur peau, et nous prenons le temps d’expliquer ce qu’il peut faire et ce qu’il ne peut pas faire.",
    "site.about.team.title": "Qui prendra soin de vous",
    "site.about.team.intro":
      "Chaque traitement est effectué par une professionnelle ou un professionnel des soins de la peau formé de notre équipe.",
    "site.about.team.empty": "Au moment de réserver, nous vous dirons qui prendra soin de vous.",
    "site.about.approach.title": "Notre façon de travailler",
    "site.about.approach.consult.title": "Toujours une consultation d’abord",
    "site.about.approach.consult":
      "Avant de planifier quoi que ce soit, nous examinons votre peau, écoutons ce que vous aimeriez changer et passons en revue avec vous vos antécédents de santé et vos médicaments.",
    "site.about.approach.checks.title": "Une vérification avant chaque séance",
    "site.about.approach.checks":
      "Certains problèmes de santé, médicaments et soins récents obligent à attendre ou à choisir autre chose. Nous vérifions de nouveau le jour de chaque séance, car les choses changent.",
    "site.about.approach.depth.title": "Des aiguilles stériles, à la bonne profondeur",
    "site.about.approach.depth":
      "Les aiguilles sont stériles, et la profondeur est réglée pour chaque zone : la peau autour des yeux est bien plus mince que celle des joues ou du cou.",
    "site.about.approach.honest.title": "Des attentes honnêtes",
    "site.about.approach.honest":
      "Le microneedling apporte une amélioration graduelle. Il n’effacera pas les rides profondes ni les cicatrices importantes, et nous vous le dirons avant que vous dépensiez quoi que ce soit.",
    "site.about.approach.privacy.title": "Vos renseignements restent confidentiels",
    "site.about.approach.privacy":
      "Vos renseignements sur la santé sont protégés selon la loi ontarienne sur la protection des renseignements personnels sur la santé, et seules les personnes qui vous soignent les consultent. <link>Comment nous les protégeons</link>.",
    "site.about.find": "Où nous trouver et quand nous sommes ouverts : <link>adresse, téléphone et heures d’ouverture</link>.",

    // Nous joindre
    "site.contact.title": "Nous joindre et heures d’ouverture — {name}",
    "site.contact.description":
      "Adresse, téléphone, courriel et heures d’ouverture de {name} à {city}. Appelez-nous ou écrivez-nous pour toute question, ou réservez une consultation en ligne.",
    "site.contact.heading": "Nous joindre",
    "site.contact.lead":
      "Une question sur le microneedling, ou vous ne savez pas s’il vous convient? Appelez-nous ou écrivez-nous : nous serons heureux de vous aider.",
    "site.contact.details": "Adresse, téléphone et courriel",
    "site.contact.address": "Adresse",
    "site.contact.phone": "Téléphone",
    "site.contact.email": "Courriel",
    "site.contact.hours.title": "Heures d’ouverture",
    "site.contact.hours.caption": "Heures d’ouverture ({zone})",
    "site.contact.hours.day": "Jour",
    "site.contact.hours.open": "Heures",
    "site.contact.hours.closed": "Fermé",
    "site.contact.hours.interval": "de {start} à {end}",
    "site.contact.hours.none": "Appelez-nous pour convenir d’un moment.",
    "site.contact.hours.note":
      "Heures exprimées en {zone}. Ce sont les heures pendant lesquelles notre équipe reçoit la clientèle; vous pouvez réserver en ligne en tout temps.",
    "site.contact.find.title": "Comment nous trouver",
    "site.contact.find.street":
      "Nous sommes au {street}, à {city}. <map>Voir l’emplacement sur une carte</map>, ou appelez-nous si vous souhaitez des indications.",
    "site.contact.find.city":
      "Nous sommes à {city} ({region}). Appelez-nous si vous souhaitez des indications, ou <map>voyez le secteur sur une carte</map>.",
    "site.contact.next.title": "À votre rythme",
    "site.contact.next.text":
      "La première étape est une consultation : un membre de notre équipe examine votre peau avec vous et planifie ce qui vous convient.",

    // Confidentialité
    "site.privacy.title": "Confidentialité — {name}",
    "site.privacy.description":
      "Comment {name} conserve vos renseignements personnels et vos renseignements sur la santé, qui peut les consulter, et vos droits.",
    "site.privacy.heading": "Votre vie privée",
    "site.privacy.lead":
      "{name} est responsable des renseignements personnels et des renseignements sur la santé que vous nous confiez. La loi ontarienne sur la protection des renseignements personnels sur la santé (LPRPS) fixe les règles que nous suivons. Les voici en termes simples.",
    "site.privacy.keep.title": "Ce que nous conservons, et pourquoi",
    "site.privacy.keep.contact":
      "Votre nom, votre adresse courriel et votre numéro de téléphone, pour réserver vos rendez-vous et vous joindre à leur sujet.",
    "site.privacy.keep.health":
      "Ce que vous nous dites sur votre santé, vos médicaments et votre peau, et ce que nous notons lors de vos visites, pour décider si un traitement est sécuritaire pour vous et bien le planifier.",
    "site.privacy.keep.appointments": "Vos rendez-vous : ce qui a été réservé, quand et avec qui.",
    "site.privacy.keep.noSale": "Nous ne vendons pas vos renseignements et ne les utilisons pas à des fins publicitaires.",
    "site.privacy.see.title": "Qui peut les consulter",
    "site.privacy.see.practitioners":
      "Vos renseignements sur la santé sont consultés par les personnes qui vous soignent. Le personnel de la réception voit vos coordonnées et vos rendez-vous, pas vos renseignements sur la santé.",
    "site.privacy.see.reason":
      "Si une autre personne de la clinique doit un jour ouvrir votre dossier, par exemple en cas d’urgence, elle doit en donner la raison, et celle-ci est consignée.",
    "site.privacy.see.log":
      "Chaque fois que quelqu’un ouvre, modifie, télécharge ou imprime votre dossier de santé, nous consignons qui, quand et quoi. Vous pouvez consulter cette liste vous-même.",
    "site.privacy.see.named": "Vous pouvez nous demander de ne permettre qu’à des membres du personnel nommés de consulter votre dossier.",
    "site.privacy.protect.title": "Comment nous les protégeons",
    "site.privacy.protect.encrypted":
      "Les renseignements sur la santé sont chiffrés là où ils sont conservés, et la connexion à ce site est chiffrée.",
    "site.privacy.protect.signIn":
      "Le personnel se connecte avec son propre compte; les propriétaires et les gestionnaires utilisent aussi un code d’une application mobile.",
    "site.privacy.protect.email":
      "Nos courriels ne contiennent jamais de renseignements sur la santé : ils renvoient plutôt à votre compte, et nos journaux système ne les enregistrent jamais.",
    "site.privacy.rights.title": "Vos droits",
    "site.privacy.rights.copy":
      "Consulter votre dossier et en télécharger une copie, dans un format simple et en FHIR, le format standard des logiciels de santé.",
    "site.privacy.rights.correct": "Nous demander de corriger toute erreur.",
    "site.privacy.rights.who": "Voir qui a consulté votre dossier.",
    "site.privacy.rights.consent":
      "Retirer ou limiter votre consentement à l’utilisation de vos renseignements, dans la mesure permise par la loi.",
    "site.privacy.rights.how":
      "Connectez-vous à <account>votre compte</account> avec votre adresse courriel pour le faire vous-même, ou demandez-le-nous au <phone>{phone}</phone>.",
    "site.privacy.questions.title": "Questions ou plaintes",
    "site.privacy.questions.text":
      "Parlez-nous-en d’abord : appelez au {phone} ou écrivez à <email>{email}</email>. Si vous n’êtes pas satisfait, vous pouvez porter plainte auprès du Commissaire à l’information et à la protection de la vie privée de l’Ontario.",
  },
);
