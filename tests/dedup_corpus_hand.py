"""Hand-written articles for the deduplication corpus (tests/dedup_corpus.py).

All people, institutes and events here are invented; the topic (North Korea, the
United Nations) is shared by every article on purpose, as in a real dossier.

Each family has an original report, one or more rewrites of it written by hand
(summaries and paraphrases in new words: what a content farm or an aggregator
publishes), and sometimes independent reports of the same event by other outlets:
those share the event's names and numbers but are NOT rewrites and must never be
merged. A rewrite with `declares: True` ends with an "Original Source:" line.
"""

FAMILIES = [
    {
        "key": "rapporteur-fishing",
        "original": {
            "outlet": "Geneva Ledger", "date": "2024-03-11", "url": "https://genevaledger.example/un/fishing-fleet-report",
            "title": "UN expert says North Korean fishing crews work in conditions of forced labour",
            "text": """The UN special rapporteur on human rights in North Korea, Elena Vasquez-Moreau, told the Human Rights Council on Monday that crews on the country's distant-water fishing fleet work in conditions amounting to forced labour.

Her 47-page report draws on interviews with 112 former crew members who now live in South Korea, Thailand and Uruguay. Many said they spent up to 18 months at sea without reaching a port.

According to the report, wages were paid directly to state trading companies, and workers received less than a tenth of what they earned. Several described beatings by political officers assigned to each vessel.

Vasquez-Moreau urged coastal states to inspect vessels flagged to Togo and Comoros that, she said, carry North Korean crews under false papers.

North Korea's mission in Geneva rejected the report as "a fabrication cooked up by hostile forces" and refused to take part in the interactive dialogue.""",
        },
        "rewrites": [
            {
                "outlet": "Asia Briefly", "date": "2024-03-12", "url": "https://asiabriefly.example/nk-fishing-crews", "declares": True,
                "title": "Forced labour at sea: UN report on North Korean fishermen",
                "text": """A United Nations investigator has accused North Korea of using forced labour on its long-haul fishing boats. Elena Vasquez-Moreau, who reports to the Human Rights Council, based her findings on testimony from 112 sailors who have since left the fleet.

The former crew members described up to a year and a half at sea without a single port call, beatings by political minders on board, and pay that went straight to state firms, leaving them with under 10 percent.

She asked port authorities to check ships flying the flags of Togo and Comoros. Pyongyang's Geneva mission dismissed the findings as fabricated by hostile forces.""",
            },
            {
                "outlet": "Daily Digest Korea", "date": "2024-03-13", "url": "https://dailydigestkorea.example/2024/03/13/fishing",
                "title": "What the UN rapporteur found on North Korea's fishing fleet",
                "text": """In a report of 47 pages presented in Geneva, special rapporteur Elena Vasquez-Moreau concluded that North Koreans crewing the country's distant-water fishing vessels are subjected to forced labour.

The conclusions rest on 112 interviews with ex-crew now living in South Korea, Thailand and Uruguay, some of whom stayed at sea for 18 months straight. Their pay was handed to state trading companies, and political officers on each boat beat those who complained.

The rapporteur called on coastal states to board ships registered in Togo and Comoros. North Korea called the report a fabrication and stayed away from the debate.""",
            },
        ],
        "independent": [
            {
                "outlet": "Seoul Evening Post", "date": "2024-03-12", "url": "https://seoulevening.example/politics/un-fishing-debate",
                "title": "Seoul backs call for inspections of North Korean-crewed ships",
                "text": """South Korea's ambassador in Geneva, Han Ji-woo, said on Tuesday that Seoul would share its own interview records with coastal states after a UN report on North Korean fishing crews.

Speaking during the Human Rights Council debate, Han said the government's resettlement agency had recorded 34 accounts from former fishermen since 2019, some describing vessels that stayed at sea for more than a year.

The report by special rapporteur Elena Vasquez-Moreau was presented on Monday. Uruguay's delegate, Martín Olivera, said his country had already detained one trawler in Montevideo last year on suspicion of document fraud.

Labour rights groups in Busan said they would press shipping registries to publish crew lists. A spokesman for the International Transport Workers' Federation, Peter Lindqvist, called the findings "the tip of a very large iceberg".""",
            },
        ],
    },
    {
        "key": "diplomat-testimony",
        "original": {
            "outlet": "Korea Herald Tribune", "date": "2024-05-02", "url": "https://kht.example/news/ri-chol-min-testimony",
            "title": "Former diplomat tells lawmakers Pyongyang ordered UN boycotts",
            "text": """Ri Chol-min, a former counsellor at North Korea's embassy in Rome who defected in 2021, told a South Korean parliamentary committee on Thursday that he personally received orders to boycott UN meetings on human rights.

Ri said a directive signed in March 2019 instructed every mission to leave the room whenever a resolution on the North's human rights record was tabled, and to report the names of countries that voted in favour.

He said diplomats were also told to lobby African and Southeast Asian governments with offers of medical teams and construction workers in exchange for abstentions.

The committee chair, Representative Oh Se-jin, said the testimony would be forwarded to the UN Office of the High Commissioner for Human Rights in Seoul.

Ri is the fourth North Korean diplomat to testify before the committee since 2020.""",
        },
        "rewrites": [
            {
                "outlet": "Peninsula Wire Digest", "date": "2024-05-03", "url": "https://pwdigest.example/ri-testimony-summary", "declares": True,
                "title": "Defector diplomat: missions told to walk out of UN rights votes",
                "text": """North Korean missions abroad were ordered to walk out of UN human rights debates, a defector told Seoul lawmakers. Ri Chol-min, once a counsellor in Rome before fleeing in 2021, said a March 2019 directive also required diplomats to list the countries voting for resolutions.

According to Ri, envoys offered medical teams and construction labour to African and Southeast Asian states in return for abstentions. Committee chair Oh Se-jin will pass the testimony to the UN human rights office in Seoul.""",
            },
        ],
        "independent": [],
    },
    {
        "key": "security-council-vote",
        "original": {
            "outlet": "New York Diplomatic Review", "date": "2024-06-12", "url": "https://nydr.example/security-council/dprk-rights-meeting",
            "title": "Security Council holds rights meeting on North Korea after procedural vote",
            "text": """The UN Security Council held its first open meeting on human rights in North Korea in three years on Wednesday, after a procedural vote of 10 in favour, 3 against and 2 abstentions.

China and Russia, which voted against along with Algeria, argued that the council was the wrong forum and that the meeting would only raise tension on the peninsula.

Volker Türk, the UN High Commissioner for Human Rights, told members that the North's closure of its borders since 2020 had cut families off from relatives abroad and worsened food shortages.

A defector, Kang Min-ah, described her detention in a holding centre in Hyesan after she was repatriated from China in 2017.

The United States, which holds the council presidency this month, said it would seek a presidential statement, though diplomats said consensus was unlikely.""",
        },
        "rewrites": [
            {
                "outlet": "World Affairs Roundup", "date": "2024-06-13", "url": "https://warroundup.example/un/nk-rights-session",
                "title": "UN council debates North Korean abuses for first time since 2021",
                "text": """For the first time in three years, the Security Council met in public to discuss North Korea's human rights record, after 10 of its 15 members backed holding the session. China, Russia and Algeria voted no, saying the council should not handle the issue, and two members abstained.

High Commissioner Volker Türk said border closures since 2020 had separated families and deepened hunger. Kang Min-ah, a defector sent back from China in 2017, recounted being held in Hyesan. Washington, presiding over the council, wants a presidential statement, but consensus looks out of reach.""",
            },
        ],
        "independent": [
            {
                "outlet": "Beijing Observer", "date": "2024-06-12", "url": "https://bjobserver.example/world/unsc-dprk",
                "title": "China opposes Security Council session on DPRK human rights",
                "text": """China's deputy ambassador to the United Nations, Geng Weiran, said on Wednesday that a Security Council session on human rights in the DPRK "serves no constructive purpose" and could undermine dialogue.

Geng told reporters outside the chamber that the council's mandate concerns international peace and security, and that human rights questions belong in Geneva. The session went ahead after 10 of 15 members supported it.

Russia's representative, Dmitri Solonin, said Western countries were using the meeting to pressure Pyongyang while ignoring sanctions' effect on ordinary people.

Analysts at the Lowy Institute, including researcher Hannah Cole, said the vote count showed that support for discussing the issue had grown since 2021.""",
            },
        ],
    },
    {
        "key": "unification-report",
        "original": {
            "outlet": "Yonhap Monitor", "date": "2024-02-06", "url": "https://yonhapmonitor.example/unification-ministry-report-2024",
            "title": "Unification ministry report documents public executions for watching K-dramas",
            "text": """South Korea's Ministry of Unification on Tuesday published its annual report on human rights in North Korea, based on the testimonies of 508 defectors who arrived between 2017 and 2023.

The 310-page report says at least 27 people were publicly executed over the period for offences including distributing South Korean films and music, drug trafficking and religious activity.

Defectors described teenagers being sent to labour camps for watching South Korean dramas on smuggled memory cards, under a 2020 law against "reactionary thought and culture".

Unification minister Kim Young-ho said the report would be translated into English for the first time so that foreign governments could use it.

The ministry withheld the names of villages and witnesses to protect relatives still in the North.""",
        },
        "rewrites": [
            {
                "outlet": "K-Focus Daily", "date": "2024-02-07", "url": "https://kfocusdaily.example/news/ministry-report", "declares": True,
                "title": "Report: 27 executed in North Korea for films, drugs and religion",
                "text": """Based on what 508 recent defectors told investigators, Seoul's unification ministry says North Korea publicly executed no fewer than 27 people from 2017 to 2023, for crimes such as sharing South Korean movies and songs, selling drugs, or practising religion.

Teenagers caught with South Korean dramas on memory cards were sent to labour camps under the 2020 anti-reactionary thought law, the report says. Minister Kim Young-ho promised an English edition for foreign governments. Village and witness names were left out to shield families in the North.""",
            },
        ],
        "independent": [
            {
                "outlet": "Tokyo Asia Times", "date": "2024-02-06", "url": "https://tokyoasiatimes.example/korea/rights-report-reaction",
                "title": "Rights groups welcome Seoul report but question its sources",
                "text": """Human rights organisations in Seoul welcomed a government report on North Korea released on Tuesday but said the ministry should publish its methodology.

Lee Su-bin of the Transitional Justice Working Group said the report's accounts of public executions matched those her group had collected, but that many testimonies came from defectors who left the North before the pandemic.

The Ministry of Unification report, based on interviews with 508 defectors, is the second to be made public since a 2016 law required it. Previous editions were kept classified.

Pyongyang's state media did not comment. A researcher at the Korea Institute for National Unification, Cho Han-bum, said the English translation would help diplomats at the United Nations cite specific cases.""",
            },
        ],
    },
    {
        "key": "food-aid-nampo",
        "original": {
            "outlet": "Humanitarian Daily", "date": "2023-11-20", "url": "https://humanitariandaily.example/dprk-wfp-shipment",
            "title": "WFP says aid shipment held at Nampo as hunger spreads",
            "text": """A shipment of 25,000 tonnes of fortified flour and soybeans sent by the World Food Programme has been held at the port of Nampo for six weeks, the agency said on Monday.

The WFP estimates that 10.7 million North Koreans, about 42 percent of the population, do not have enough to eat. Its international staff have not been allowed back into the country since 2021.

Country director Anders Holm said North Korean authorities had asked that distribution be handled without outside monitors, a condition the agency cannot accept under its rules.

Holm said the food would spoil by February if it could not reach nurseries and hospitals in North Hamgyong and Ryanggang provinces, where malnutrition among children is highest.""",
        },
        "rewrites": [
            {
                "outlet": "Global Aid Brief", "date": "2023-11-21", "url": "https://globalaidbrief.example/wfp-nampo",
                "title": "North Korea blocks 25,000 tonnes of UN food aid",
                "text": """Six weeks after it docked at Nampo, a World Food Programme cargo of fortified flour and soybeans, 25,000 tonnes in all, is still waiting to be handed out. Pyongyang wants the food distributed without foreign monitors, which the agency's rules forbid, according to country director Anders Holm.

Some 10.7 million people, 42 percent of North Koreans, go hungry by WFP estimates, and its foreign staff have been barred since 2021. Holm warned the supplies, meant for children in North Hamgyong and Ryanggang, would go bad by February.""",
            },
        ],
        "independent": [
            {
                "outlet": "Korea Economic Watch", "date": "2023-11-22", "url": "https://koreaeconwatch.example/food-prices-nk",
                "title": "Rice prices climb in North Korean markets as aid stalls",
                "text": """Rice prices in markets in Hyesan and Chongjin have risen by a third since September, according to traders contacted by phone by the Daily NK network, as a UN food shipment remains stuck at Nampo.

Economist Park Jae-hoon of Seoul National University said the harvest had been hurt by summer floods in South Hwanghae province and that state rations had been cut to 300 grams a day in some areas.

The World Food Programme says its cargo of flour and soybeans cannot be released until monitoring is agreed. The agency estimates 10.7 million people lack adequate food.

Corn, the staple for poorer families, sold for 4,200 won a kilogram in Hyesan last week, up from 3,100 won in August.""",
            },
        ],
    },
    {
        "key": "abductees-envoy",
        "original": {
            "outlet": "Japan Forward Report", "date": "2024-04-18", "url": "https://jfreport.example/abductees-un-envoy",
            "title": "Families of abductees meet UN envoy in Tokyo",
            "text": """Relatives of Japanese citizens abducted by North Korean agents in the 1970s and 1980s met the UN special rapporteur Elena Vasquez-Moreau in Tokyo on Thursday and asked her to press for a deadline for their return.

Takuya Yokoyama, 56, whose sister was taken from a beach in Niigata in 1978, said the families were running out of time: only two parents of the 17 officially recognised abductees are still alive.

Vasquez-Moreau said she would raise the cases in her next report to the General Assembly and described enforced disappearance as "a continuing crime" as long as the fate of the victims is unknown.

The families' association also handed her a list of 470 people it believes may have been abducted but who are not on the government's official list.""",
        },
        "rewrites": [
            {
                "outlet": "Asia Briefly", "date": "2024-04-19", "url": "https://asiabriefly.example/abductee-families-un", "declares": True,
                "title": "Abductees' relatives urge UN to set deadline",
                "text": """Japanese families whose relatives were kidnapped by North Korea decades ago asked UN rapporteur Elena Vasquez-Moreau in Tokyo to push for a deadline. Of the 17 officially recognised victims, only two still have a living parent, said Takuya Yokoyama, whose sister disappeared from a Niigata beach in 1978.

The rapporteur promised to take the cases to the General Assembly, calling enforced disappearance a continuing crime. The association also gave her the names of 470 possible victims missing from Tokyo's official list.""",
            },
        ],
        "independent": [],
    },
    {
        "key": "camp-imagery",
        "original": {
            "outlet": "Open Source Review", "date": "2024-08-27", "url": "https://osreview.example/analysis/camp-25-expansion",
            "title": "Satellite images show expansion of prison camp near Chongjin",
            "text": """Commercial satellite images analysed by the Pacific Imagery Institute show that a political prison camp near Chongjin, known as Camp 25, has added 1.2 kilometres of perimeter wall and four new guard towers since 2022.

The institute's lead analyst, Maria Okonkwo, said two new buildings inside the compound appeared to be workshops, consistent with former prisoners' accounts of forced production of bicycle parts and clothing.

The images, taken between January 2022 and June 2024, also show a new road linking the camp to a railway spur.

The institute estimates that Camp 25 holds between 3,000 and 5,000 prisoners. North Korea denies that political prison camps exist.""",
        },
        "rewrites": [
            {
                "outlet": "Tech and Security Digest", "date": "2024-08-28", "url": "https://techsecdigest.example/camp-25",
                "title": "North Korea's Camp 25 grows, imagery suggests",
                "text": """Camp 25, a political prison near Chongjin, has grown since 2022, according to the Pacific Imagery Institute's reading of commercial satellite pictures: 1.2 km of new wall, four more watchtowers and a road to a rail spur.

Analyst Maria Okonkwo said two new structures look like workshops, which fits what former inmates say about being forced to make clothing and bicycle parts. Between 3,000 and 5,000 people may be held there. Pyongyang says no such camps exist.""",
            },
        ],
        "independent": [
            {
                "outlet": "Defense Imagery Journal", "date": "2024-08-29", "url": "https://defimagery.example/chongjin-camp",
                "title": "Second analysis confirms construction at Chongjin camp",
                "text": """A separate review of satellite imagery by the Washington-based Committee for Korean Rights confirms new construction at the prison camp outside Chongjin, though it counts three new guard towers rather than four.

The committee's imagery specialist, Greg Hallam, said radar images from cloudy months in 2023 show heavy vehicles moving between the camp and a quarry to the north, suggesting prisoners are also used for stone cutting.

Hallam said the committee had matched the layout against sketches drawn by two former prisoners who were released in 2019 and later reached South Korea.

The committee estimates the camp's population at around 4,000. Officials in Pyongyang did not respond to a request for comment sent through the country's mission in New York.""",
            },
        ],
    },
    {
        "key": "china-repatriation",
        "original": {
            "outlet": "Refugee Rights Monitor", "date": "2023-10-14", "url": "https://rrmonitor.example/china-forced-returns",
            "title": "China forcibly returns about 600 North Koreans, rights groups say",
            "text": """China sent about 600 North Koreans back across the border on the night of October 9, most of them women held in detention centres in Jilin and Liaoning provinces, according to Human Rights Watch and the Seoul-based group Transitional Justice Working Group.

The returns began hours after the Asian Games ended in Hangzhou. Witnesses described buses leaving detention centres in Tumen, Hunchun and Dandong.

Rights groups say people returned face torture, sexual violence and imprisonment in labour camps for having left the country. China says they are illegal economic migrants, not refugees.

South Korea's foreign ministry said it had repeatedly asked Beijing to respect the principle of non-refoulement.""",
        },
        "rewrites": [
            {
                "outlet": "Daily Digest Korea", "date": "2023-10-15", "url": "https://dailydigestkorea.example/2023/10/15/returns", "declares": True,
                "title": "Around 600 North Koreans deported by China after Asian Games",
                "text": """Hours after the Hangzhou Asian Games closed, Chinese authorities deported roughly 600 North Koreans, mainly women, from detention in Jilin and Liaoning, Human Rights Watch and the Transitional Justice Working Group reported. Buses were seen leaving Tumen, Hunchun and Dandong on October 9.

Those sent back risk torture, sexual abuse and labour camps, the groups warn, while Beijing calls them illegal migrants. Seoul said it had pressed China again and again to honour non-refoulement.""",
            },
        ],
        "independent": [],
    },
    {
        "key": "upr-recommendations",
        "original": {
            "outlet": "Geneva Ledger", "date": "2024-11-13", "url": "https://genevaledger.example/upr/dprk-fourth-cycle",
            "title": "North Korea accepts 88 of 294 recommendations at UN review",
            "text": """North Korea accepted 88 of the 294 recommendations made by other countries at its fourth Universal Periodic Review, the UN Human Rights Council said on Wednesday.

The accepted recommendations mostly concern education, disability rights and cooperation with UNICEF. North Korea rejected every recommendation calling for the closure of political prison camps, access for the special rapporteur, or the repeal of its 2020 law on reactionary thought.

Ambassador Han Tae-song told the council that the recommendations it rejected were "politically motivated" and based on "fabricated testimonies of human scum".

Delegates from 96 countries took part in the review, a record for North Korea.""",
        },
        "rewrites": [
            {
                "outlet": "World Affairs Roundup", "date": "2024-11-14", "url": "https://warroundup.example/un/dprk-upr",
                "title": "Pyongyang rejects most UN rights recommendations",
                "text": """At its fourth Universal Periodic Review, North Korea took on board 88 recommendations and turned down the rest of the 294 put forward. It agreed to steps on schooling, disability and work with UNICEF, but refused all calls to close political prison camps, let the special rapporteur in or repeal the 2020 reactionary thought law.

Its envoy Han Tae-song called the rejected proposals politically motivated and based on fabricated testimonies. A record 96 states took part.""",
            },
        ],
        "independent": [
            {
                "outlet": "Seoul Evening Post", "date": "2024-11-13", "url": "https://seoulevening.example/politics/upr-seoul-reaction",
                "title": "Seoul says North Korea's UPR answers fall short",
                "text": """South Korea's foreign ministry said on Wednesday that North Korea's responses at the Universal Periodic Review showed "no real will" to improve conditions, after Pyongyang rejected calls to close its prison camps.

Ministry spokesperson Lim Soo-suk said Seoul had made six recommendations, including access for families separated by the Korean War, and that none had been accepted.

Japan's delegate, Ambassador Kenji Yamada, said he regretted that the abduction issue had again been dismissed. The review in Geneva drew 96 speakers.

Civil society groups held a side event with two defectors who spoke about detention in Onsong and Hoeryong.""",
            },
        ],
    },
    {
        "key": "workers-russia",
        "original": {
            "outlet": "Eurasia Labour Watch", "date": "2024-09-05", "url": "https://eurasialabour.example/dprk-workers-russia",
            "title": "Thousands of North Korean workers arrive in Russia despite UN ban",
            "text": """More than 12,000 North Korean workers have entered Russia since January on student and tourist visas, most of them to work on construction sites in Vladivostok, Khabarovsk and Moscow, according to Russian migration data reviewed by Eurasia Labour Watch.

A 2017 Security Council resolution required all countries to send North Korean workers home by December 2019, because their wages fund the country's weapons programmes.

A worker who left a site in Khabarovsk in July, interviewed under the pseudonym Mr. Choi, said he worked 16 hours a day and was allowed out of the dormitory once a month.

Russia's foreign ministry said the visas were issued lawfully and that the resolution did not cover students.""",
        },
        "rewrites": [
            {
                "outlet": "Global Aid Brief", "date": "2024-09-06", "url": "https://globalaidbrief.example/russia-nk-workers", "declares": True,
                "title": "UN ban ignored as North Korean labourers pour into Russia",
                "text": """Russian migration records show upwards of 12,000 North Koreans arriving this year with student or tourist visas to build in Vladivostok, Khabarovsk and Moscow, says Eurasia Labour Watch. That defies a 2017 Security Council resolution ordering them home by the end of 2019, since their pay bankrolls Pyongyang's weapons.

One worker, Mr. Choi, who quit a Khabarovsk site in July, reported 16-hour days and one outing a month. Moscow insists the visas are legal and students are not covered.""",
            },
        ],
        "independent": [],
    },
    {
        "key": "crypto-panel",
        "original": {
            "outlet": "Cyber Policy Times", "date": "2024-03-21", "url": "https://cyberpolicytimes.example/un-panel-crypto",
            "title": "UN panel says North Korean hackers stole $1.7 billion in crypto",
            "text": """North Korean hackers stole an estimated $1.7 billion in cryptocurrency in 2022 and a further $750 million in 2023, according to a confidential report by the UN panel of experts that monitors sanctions, seen by Cyber Policy Times.

The panel says the money accounts for about 40 percent of the funding of North Korea's weapons of mass destruction programmes and names the Lazarus Group and a unit called Andariel as responsible.

The panel investigated 58 suspected attacks between 2017 and 2023. It says the hackers increasingly target defence firms and individual employees through fake job offers on LinkedIn.

The panel's mandate ends in April after Russia vetoed its renewal.""",
        },
        "rewrites": [
            {
                "outlet": "Tech and Security Digest", "date": "2024-03-22", "url": "https://techsecdigest.example/nk-crypto-theft",
                "title": "Crypto thefts fund 40% of North Korean weapons work, UN experts say",
                "text": """UN sanctions monitors believe North Korean hackers took about $1.7 billion in digital currency in 2022 and $750 million more last year, according to a confidential panel report. The haul covers some 40 percent of the cost of Pyongyang's weapons of mass destruction, with the Lazarus Group and Andariel blamed.

The experts looked into 58 suspected attacks from 2017 to 2023, noting a shift to defence firms and staff lured with fake LinkedIn job offers. Russia's veto means the panel closes in April.""",
            },
        ],
        "independent": [],
    },
    {
        "key": "family-reunions",
        "original": {
            "outlet": "Korea Herald Tribune", "date": "2023-09-28", "url": "https://kht.example/news/red-cross-reunions",
            "title": "Red Cross proposes video reunions for ageing separated families",
            "text": """The Korean Red Cross on Thursday proposed video reunions for families separated by the Korean War, saying time was running out for the elderly applicants.

Of the 133,654 people who have registered for reunions since 1988, only 39,200 are still alive, and two-thirds of them are over 80, the organisation said. The last face-to-face reunions took place at Mount Kumgang in August 2018.

Red Cross president Kim Chul-soo said video links could be set up within weeks at 13 centres across South Korea if Pyongyang agreed.

North Korea has not answered messages on the inter-Korean liaison line since April 2023.""",
        },
        "rewrites": [
            {
                "outlet": "K-Focus Daily", "date": "2023-09-29", "url": "https://kfocusdaily.example/news/video-reunions",
                "title": "Video reunions offered as war-divided families age",
                "text": """With most surviving applicants now in their eighties, South Korea's Red Cross wants to reunite families split by the Korean War over video. Just 39,200 of the 133,654 people who signed up since 1988 are alive, and the last in-person meetings were held at Mount Kumgang in 2018.

President Kim Chul-soo said 13 centres could be linked within weeks if the North said yes, but Pyongyang has ignored the liaison line since April 2023.""",
            },
        ],
        "independent": [],
    },
]
